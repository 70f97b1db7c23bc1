// The course tools: start or resume, status, jump to a lesson, next step, reset. Progress is local.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { advance, currentStep, findLesson, loadCourse, resetProgress, saveProgress, type CourseState } from '../../course/course.js';
import { DocsError } from '../../errors.js';
import { readDoc } from '../../read/read-doc.js';
import type { ServerContext } from '../context.js';
import { formatRead } from '../format.js';
import { runTool } from './tool-result.js';

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
    if (!step) return `${note}\nThe course is complete: ${state.progress?.completed.length ?? 0} steps done. course_reset starts it again.`;
    const p = state.progress!;
    const total = state.lessons[p.lesson].steps.length;
    const page = await readDoc(context.store, { path: step.path, docset: state.docSet.name, version: state.docSet.version, maxTokens: 3000 });
    return `${note}\nLesson ${p.lesson + 1}/${state.lessons.length} "${state.lessons[p.lesson].name}", step ${p.step + 1}/${total}. Call course_next when done.\n\n${formatRead(page)}`;
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
      return `${state.progress ? 'In progress' : 'Not started (course_start)'} — ${state.docSet.name}@${state.docSet.version}\n${lines.join('\n')}`;
    },
    async lesson(name, docset) {
      const state = await load(docset);
      const lesson = findLesson(state, name);
      saveProgress(context.home, state, { lesson, step: 0, completed: state.progress?.completed ?? [], startedAt: state.progress?.startedAt ?? new Date().toISOString() });
      return show(state, `Lesson "${state.lessons[lesson].name}".`);
    },
    async next(docset) {
      const state = await load(docset);
      if (!state.progress) throw new DocsError('INVALID_ARGUMENT', 'The course has not started: call course_start.');
      saveProgress(context.home, state, advance(state)!);
      return show(state, 'Step done.');
    },
    async reset(confirm, docset) {
      const state = await load(docset);
      if (confirm !== true) return 'This deletes your course progress. Call course_reset again with confirm: true to go ahead.';
      return resetProgress(context.home, state) ? 'Course progress deleted.' : 'There was no progress to delete.';
    },
  };
}

export function registerCourseTools(server: McpServer, context: ServerContext): void {
  const course = courseHandlers(context);
  const writes = { readOnlyHint: false, destructiveHint: false, openWorldHint: false } as const;
  server.registerTool('course_start', { description: 'Start or resume the interactive course of a doc set (its course/ folder).', inputSchema: z.object({ docset }), annotations: writes }, async (args) =>
    runTool(context, 3000, () => course.start(args.docset)),
  );
  server.registerTool('course_status', { description: 'Course progress by lesson.', inputSchema: z.object({ docset }), annotations: { readOnlyHint: true, openWorldHint: false } }, async (args) =>
    runTool(context, 2000, () => course.status(args.docset)),
  );
  server.registerTool('course_lesson', { description: 'Jump to a lesson by name or number.', inputSchema: z.object({ name: z.string(), docset }), annotations: writes }, async (args) =>
    runTool(context, 3000, () => course.lesson(args.name, args.docset)),
  );
  server.registerTool('course_next', { description: 'Mark the current step done and show the next one.', inputSchema: z.object({ docset }), annotations: writes }, async (args) =>
    runTool(context, 3000, () => course.next(args.docset)),
  );
  server.registerTool(
    'course_reset',
    { description: 'Delete course progress (needs confirm: true).', inputSchema: z.object({ confirm: z.boolean().optional(), docset }), annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false } },
    async (args) => runTool(context, 500, () => course.reset(args.confirm, args.docset)),
  );
}
