import { z } from 'zod';
import * as render from '../render';
import { command } from './command';

export const segmentCommands = [
  command({
    name: 'segments list',
    summary: "Every segment with how many active customers are in it now",
    flags: z.object({}),
    run: (ctx) => ctx.call('segments.list', {}),
    text: (segments) => render.table(['Segment', 'Customers'], segments.map((s) => [s.name, String(s.count)]), [1]),
  }),
];
