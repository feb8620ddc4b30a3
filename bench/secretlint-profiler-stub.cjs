// Preload for the secrets benchmark (`node --require ./bench/secretlint-profiler-stub.cjs ...`).
// secretlint 12's @secretlint/profiler (module/node.js) is always on: every lint marks
// `@core>lint::start`, `@core>rule-handler::start||<rule>` and so on with perf_hooks.performance.mark,
// and its PerformanceObserver keeps every entry and searches the whole list on each new one, so the
// cost grows with the square of the number of files (13.x made profiling opt-in). Turning those marks
// into no-ops leaves the observer idle and measures secretlint at its real speed.
'use strict';
const { performance } = require('node:perf_hooks');

const isProfilerMark = (name) => typeof name === 'string' && /::(?:start|end)(?:\|\||$)/.test(name);
const mark = performance.mark.bind(performance);
const measure = performance.measure.bind(performance);
performance.mark = (name, options) => (isProfilerMark(name) ? undefined : mark(name, options));
performance.measure = (name, ...rest) => (isProfilerMark(`${name}::end`) && rest.every((r) => typeof r !== 'string' || isProfilerMark(r)) ? undefined : measure(name, ...rest));
