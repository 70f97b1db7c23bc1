// The course tool: start or resume, status, jump to a lesson, next step, reset. Progress is local.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { advance, currentStep, findLesson, loadCourse, resetProgress, saveProgress, type CourseState } from '../../course/course.js';
import { DocsError } from '../../errors.js';
import { readDoc } from '../../read/read-doc.js';
import type { ServerContext } from '../context.js';
import { formatRead } from '../format.js';
import { runTool, toolInput } from './tool-result.js';

const docset = z.string().optional();

export interface CourseHandlers {
  start(docset?: string): Promise<string>;
  status(docset?: string): Promise<string>;
  lesson(name: string, docset?: string): Promise<string>;
  next(docset?: string): Promise<string>;
  reset(confirm: boolean | undefined, docset?: string): Promise<string>;
}

export function courseHandlers(context: ServerContext): CourseHandlers {
  const load = (name?: string) => loadCourse(context.store, context.home, { docset: name, policy: context.policy });
  const show = async (state: CourseState, note: string) => {
    const step = currentStep(state);
    if (!step) return `${note}\nThe course is complete: ${state.progress?.completed.length ?? 0} steps done. action reset starts it again.`;
    const p = state.progress!;
    const total = state.lessons[p.lesson].steps.length;
    const page = await readDoc(context.store, { path: step.path, docset: state.docSet.name, version: state.docSet.version, maxTokens: 3000 });
    return `${note}\nLesson ${p.lesson + 1}/${state.lessons.length} "${state.lessons[p.lesson].name}", step ${p.step + 1}/${total}. Call course with action next when done.\n\n${formatRead(page)}`;
  };
  return {
    async start(docset) {
      const state = await load(docset);
      if (state.progress) return show(state, 'Resuming the course.');
      saveProgress(context.home, state, { lesson: 0, step: 0, completed: [], startedAt: new Date().toISOString() });
      return show(state, `Course of ${state.docSet.name}@${state.docSet.version}: ${state.lessons.length} lessons.`);
    },
    async status(docset) {
      const state = await load(docset);
      const done = new Set(state.progress?.completed ?? []);
      const lines = state.lessons.map((l, i) => `${state.progress?.lesson === i ? '→' : ' '} ${i + 1}. ${l.name}: ${l.steps.filter((s) => done.has(s.path)).length}/${l.steps.length} steps`);
      return `${state.progress ? 'In progress' : 'Not started (action start)'} — ${state.docSet.name}@${state.docSet.version}\n${lines.join('\n')}`;
    },
    async lesson(name, docset) {
      const state = await load(docset);
      const lesson = findLesson(state, name);
      saveProgress(context.home, state, { lesson, step: 0, completed: state.progress?.completed ?? [], startedAt: state.progress?.startedAt ?? new Date().toISOString() });
      return show(state, `Lesson "${state.lessons[lesson].name}".`);
    },
    async next(docset) {
      const state = await load(docset);
      if (!state.progress) throw new DocsError('INVALID_ARGUMENT', 'The course has not started: call course with action start.');
      saveProgress(context.home, state, advance(state)!);
      return show(state, 'Step done.');
    },
    async reset(confirm, docset) {
      const state = await load(docset);
      if (confirm !== true) return 'This deletes your course progress. Call reset again with confirm: true to go ahead.';
      return resetProgress(context.home, state) ? 'Course progress deleted.' : 'There was no progress to delete.';
    },
  };
}

const COURSE_INPUT = toolInput({
  action: z.enum(['start', 'status', 'lesson', 'next', 'reset']),
  lesson: z.string().optional().describe('Lesson name or number (action lesson)'),
  confirm: z.boolean().optional(),
  docset,
});

/** One tool with an action, not five: every tool offered costs tokens in each conversation. */
export function registerCourseTools(server: McpServer, context: ServerContext): RegisteredTool[] {
  const course = courseHandlers(context);
  const tool = server.registerTool(
    'course',
    {
      description: "A doc set's interactive course (its course/ folder): start or resume, status, jump to a lesson, next step, reset (confirm: true). Progress is kept locally.",
      inputSchema: COURSE_INPUT,
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    async (args) =>
      runTool(context, args.action === 'reset' ? 500 : 3000, async () => {
        switch (args.action) {
          case 'start':
            return course.start(args.docset);
          case 'status':
            return course.status(args.docset);
          case 'lesson':
            if (!args.lesson) throw new DocsError('INVALID_ARGUMENT', 'action "lesson" needs lesson: a lesson name or number (action "status" lists them).');
            return course.lesson(args.lesson, args.docset);
          case 'next':
            return course.next(args.docset);
          case 'reset':
            return course.reset(args.confirm, args.docset);
        }
      }),
  );
  return [tool];
}
