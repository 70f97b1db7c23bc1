// An interactive course from a doc set's `course/` folder: lessons are its subfolders, steps their
// pages, in name order. Progress lives in the cache home, per doc set; nothing leaves the machine.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { resolveDocSets, type DocSetSelector } from '../search/resolve-doc-sets.js';
import type { PageSummary, Store, StoredDocSet } from '../store/store.js';

export interface Lesson {
  name: string;
  steps: PageSummary[];
}

export interface Progress {
  lesson: number;
  step: number;
  completed: string[];
  startedAt: string;
}

export interface CourseState {
  docSet: StoredDocSet;
  lessons: Lesson[];
  progress?: Progress;
}

/** A step of a course: `course/<lesson>/<step>.md`. */
export function isCourseStep(path: string): boolean {
  return path.startsWith('course/') && path.split('/').length === 3;
}

export async function loadCourse(store: Store, home: string, selector: DocSetSelector): Promise<CourseState> {
  const candidates = await resolveDocSets(store, selector);
  for (const docSet of candidates) {
    const pages = (await store.listPages(docSet.id, 'course/')).filter((p) => isCourseStep(p.path));
    if (pages.length === 0) continue;
    const byLesson = new Map<string, PageSummary[]>();
    for (const page of pages) {
      const lesson = page.path.split('/')[1];
      byLesson.set(lesson, [...(byLesson.get(lesson) ?? []), page]);
    }
    const lessons = [...byLesson].sort(([a], [b]) => a.localeCompare(b)).map(([name, steps]) => ({ name, steps: steps.sort((x, y) => x.path.localeCompare(y.path)) }));
    return { docSet, lessons, progress: readProgress(home, docSet) };
  }
  throw new DocsError('DOC_SET_NOT_FOUND', 'No indexed doc set has a course/ folder of lessons.');
}

function progressFile(home: string, docSet: StoredDocSet): string {
  return confinePath(join(home, 'course'), `${docSet.name.replace(/[/@]/g, '+')}.json`);
}

function readProgress(home: string, docSet: StoredDocSet): Progress | undefined {
  const file = progressFile(home, docSet);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Progress;
  } catch {
    return undefined; // a damaged progress file starts the course again
  }
}

export function saveProgress(home: string, state: CourseState, progress: Progress): void {
  const file = progressFile(home, state.docSet);
  mkdirSync(join(home, 'course'), { recursive: true });
  writeFileSync(file, JSON.stringify(progress, null, 2));
  state.progress = progress;
}

export function resetProgress(home: string, state: CourseState): boolean {
  const file = progressFile(home, state.docSet);
  if (!existsSync(file)) return false;
  rmSync(file);
  state.progress = undefined;
  return true;
}

export function currentStep(state: CourseState): PageSummary | undefined {
  const p = state.progress;
  return p ? state.lessons[p.lesson]?.steps[p.step] : undefined;
}

/** Marks the current step done and moves on; undefined when the course is finished. */
export function advance(state: CourseState): Progress | undefined {
  const p = state.progress!;
  const done = currentStep(state);
  const completed = done && !p.completed.includes(done.path) ? [...p.completed, done.path] : p.completed;
  let { lesson, step } = p;
  step++;
  if (step >= state.lessons[lesson].steps.length) {
    lesson++;
    step = 0;
  }
  if (lesson >= state.lessons.length) return { ...p, completed, lesson: state.lessons.length, step: 0 };
  return { ...p, completed, lesson, step };
}

export function findLesson(state: CourseState, name: string): number {
  const wanted = name.trim().toLowerCase();
  const index = state.lessons.findIndex((l, i) => l.name.toLowerCase() === wanted || l.name.toLowerCase().includes(wanted) || String(i + 1) === wanted);
  if (index === -1) throw new DocsError('PATH_NOT_FOUND', `No lesson "${name}". Lessons: ${state.lessons.map((l) => l.name).join(', ')}.`);
  return index;
}
