// The stepper's engine: a level (site/levels/ID.json) is a few threads, each
// a list of steps, over shared state (variables, locks, condition variables,
// queues). The reader picks which thread moves next; `enumerate` tries every
// order, which is how outputs/levels/ID.ends is made and compared with loom.
//
// A state is plain data, never changed in place: `step` returns a new one,
// so undo is a stack of states and enumeration can remember states it saw.
// Plain ES module, no dependencies: the page imports it, and so do node's
// tests and site/levels/enumerate.mjs.

/** What a thread is doing besides running its next step. */
const READY = "ready";
const WAITING = "waiting"; // in a condvar's wait, until notified
const WOKEN = "woken"; // notified; takes the lock back before going on
const DONE = "done";

const OPS = new Set(["load", "store", "add", "lock", "unlock", "wait", "notify", "push", "pop", "branch", "goto", "send", "recv", "hangup", "nop"]);

/** Checks a level's data and returns it with labels resolved. Throws on a mistake. */
export function prepare(data) {
    const fail = (what) => {
        throw new Error(`level ${data.id ?? "?"}: ${what}`);
    };
    for (const key of ["id", "source", "words", "state", "threads", "programs", "observe", "goal"]) {
        if (!(key in data)) fail(`missing "${key}"`);
    }
    for (const lang of ["en", "ko"]) {
        for (const key of ["title", "goal", "won", "lost"]) {
            if (typeof data.words[lang]?.[key] !== "string") fail(`missing words.${lang}.${key}`);
        }
    }
    const state = { vars: {}, locks: {}, condvars: {}, queues: {}, ...data.state };
    const programs = {};
    for (const [name, steps] of Object.entries(data.programs)) {
        const labels = {};
        steps.forEach((step, index) => {
            if (!OPS.has(step.op)) fail(`program ${name} step ${index}: unknown op "${step.op}"`);
            if (typeof step.line !== "string") fail(`program ${name} step ${index}: no "line"`);
            if (step.label) labels[step.label] = index;
        });
        programs[name] = steps.map((step, index) => {
            const resolved = { ...step };
            for (const key of ["to", "else", "closed", "next"]) {
                if (key in step) {
                    if (!(step[key] in labels)) fail(`program ${name} step ${index}: no label "${step[key]}"`);
                    resolved[key] = labels[step[key]];
                }
            }
            return resolved;
        });
    }
    const names = new Set();
    for (const thread of data.threads) {
        if (!programs[thread.program]) fail(`thread ${thread.name}: no program "${thread.program}"`);
        if (names.has(thread.name)) fail(`two threads named ${thread.name}`);
        names.add(thread.name);
    }
    const level = { ...data, programs, state };
    // Every name a step uses must be declared in the shared state.
    for (const thread of data.threads) {
        for (const step of programs[thread.program]) {
            const kinds = { var: "vars", lock: "locks", condvar: "condvars", queue: "queues" };
            for (const [key, kind] of Object.entries(kinds)) {
                for (const name of key in step ? [].concat(step[key]) : []) {
                    if (!(bind(thread, name) in state[kind])) {
                        fail(`thread ${thread.name}: step "${step.line}" uses undeclared ${key} ${bind(thread, name)}`);
                    }
                }
            }
        }
    }
    return level;
}

/** `$name` in a step is the thread's own binding (`"bind": {"first": "printer"}`). */
function bind(thread, value) {
    if (typeof value === "string" && value.startsWith("$")) {
        const key = value.slice(1);
        if (!(key in (thread.bind ?? {}))) throw new Error(`thread ${thread.name}: no binding ${key}`);
        return thread.bind[key];
    }
    return value;
}

/** The state before any step. */
export function initial(level) {
    const s = structuredClone(level.state);
    return {
        vars: s.vars,
        locks: Object.fromEntries(Object.keys(s.locks).map((l) => [l, null])),
        condvars: Object.fromEntries(Object.keys(s.condvars).map((c) => [c, []])),
        queues: Object.fromEntries(
            Object.entries(s.queues).map(([q, spec]) => [q, { items: [...(spec.items ?? [])], capacity: spec.capacity ?? null, senders: spec.senders ?? 0 }]),
        ),
        threads: level.threads.map(() => ({ pc: 0, status: READY, locals: {} })),
        goal: false,
    };
}

/** The step thread `t` runs next, or null once it is done. */
export function nextStep(level, state, t) {
    const thread = state.threads[t];
    if (thread.status === DONE) return null;
    return level.programs[level.threads[t].program][thread.pc];
}

/**
 * Why thread `t` cannot move now, or null if it can:
 * {kind: "done"} | {kind: "lock", lock} | {kind: "notify", condvar} | {kind: "full", queue} | {kind: "empty", queue}.
 */
export function blocked(level, state, t) {
    const thread = state.threads[t];
    const def = level.threads[t];
    if (thread.status === DONE) return { kind: "done" };
    const step = nextStep(level, state, t);
    if (thread.status === WAITING) return { kind: "notify", condvar: bind(def, step.condvar) };
    const lockOf = (name) => {
        const holder = state.locks[name];
        return holder !== null && holder !== t ? { kind: "lock", lock: name, holder: level.threads[holder].name } : null;
    };
    if (thread.status === WOKEN) return lockOf(bind(def, step.lock));
    switch (step.op) {
        case "lock":
            return lockOf(bind(def, step.lock));
        case "send": {
            const q = state.queues[bind(def, step.queue)];
            return q.items.length >= q.capacity ? { kind: "full", queue: bind(def, step.queue) } : null;
        }
        case "recv": {
            const q = state.queues[bind(def, step.queue)];
            return q.items.length === 0 && q.senders > 0 ? { kind: "empty", queue: bind(def, step.queue) } : null;
        }
        default:
            return null;
    }
}

/** The threads that can move now, by index. */
export function runnable(level, state) {
    return state.threads.map((_, t) => t).filter((t) => blocked(level, state, t) === null);
}

/** A level ends when no thread can move: all are done, or the rest are stuck. */
export function isEnd(level, state) {
    return runnable(level, state).length === 0;
}

/** The end state as outputs/levels/ID.ends writes it: `deadlock`, or `key=value ...`. */
export function endString(level, state) {
    if (state.threads.some((th) => th.status !== DONE)) return "deadlock";
    return level.observe
        .map((o) => {
            let value;
            if ("var" in o) value = state.vars[o.var];
            else if ("local" in o) {
                const t = level.threads.findIndex((th) => th.name === o.local[0]);
                value = state.threads[t].locals[o.local[1]];
            } else if ("len" in o) value = state.queues[o.len].items.length;
            else value = o.const;
            return `${o.key}=${value}`;
        })
        .join(" ");
}

function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => {
        if (!(name in values)) throw new Error(`the log line "${template}" names {${name}}, which is no variable, local or binding here`);
        return String(values[name]);
    });
}

/**
 * Runs thread `t`'s next step. Returns {state, logs}: the new state and the
 * lines the program would log, in the book's format (`[First] read 0`),
 * perhaps none. Throws if the thread cannot move.
 */
export function step(level, state, t) {
    const why = blocked(level, state, t);
    if (why) throw new Error(`thread ${level.threads[t].name} cannot move: ${why.kind}`);
    const s = structuredClone(state);
    const def = level.threads[t];
    const me = s.threads[t];
    const st = nextStep(level, state, t);
    const b = (v) => bind(def, v);
    const value = (v) => (typeof v === "string" && v.startsWith("$") ? b(v) : typeof v === "string" && v in me.locals ? me.locals[v] : v);
    let next = me.pc + 1;
    let log = st.log;

    if (me.status === WOKEN) {
        // Back from `wait`: the thread holds the lock again and re-runs the check after the wait.
        s.locks[b(st.lock)] = t;
        me.status = READY;
        log = st.wokenLog ?? null;
        if ("to" in st) next = st.to;
    } else {
        switch (st.op) {
            case "load":
                me.locals[st.into] = s.vars[b(st.var)];
                break;
            case "store":
                s.vars[b(st.var)] = value(st.from) + (st.add ?? 0);
                break;
            case "add":
                s.vars[b(st.var)] += st.n ?? 1;
                break;
            case "lock":
                s.locks[b(st.lock)] = t;
                break;
            case "unlock":
                for (const l of [].concat(st.lock)) s.locks[b(l)] = null;
                break;
            case "wait":
                // Releases the lock and sleeps until a notify; the pc stays here.
                s.locks[b(st.lock)] = null;
                s.condvars[b(st.condvar)].push(t);
                me.status = WAITING;
                next = me.pc;
                break;
            case "notify": {
                // notify_one: wakes one waiter (the longest; std does not say which, and in
                // these levels at most one thread waits); with nobody waiting, nothing happens.
                const waiters = s.condvars[b(st.condvar)];
                if (waiters.length > 0) {
                    const woken = waiters.shift();
                    s.threads[woken].status = WOKEN;
                }
                break;
            }
            case "push":
                s.queues[b(st.queue)].items.push(value(st.value));
                break;
            case "pop": {
                const q = s.queues[b(st.queue)];
                if (q.items.length > 0) me.locals[st.into] = q.items.shift();
                else {
                    next = st.else;
                    log = st.elseLog ?? null;
                }
                break;
            }
            case "branch": {
                const q = s.queues[b(st.queue)];
                const yes = st.if === "full" ? q.items.length >= q.capacity : st.if === "empty" ? q.items.length === 0 : false;
                if (yes) next = st.to;
                break;
            }
            case "goto":
                next = st.to;
                break;
            case "nop":
                break;
            case "send":
                s.queues[b(st.queue)].items.push(value(st.value));
                break;
            case "recv": {
                const q = s.queues[b(st.queue)];
                if (q.items.length > 0) me.locals[st.into] = q.items.shift();
                else {
                    next = st.closed;
                    log = st.closedLog ?? null;
                }
                break;
            }
            case "hangup":
                s.queues[b(st.queue)].senders -= 1;
                break;
        }
    }
    // `next`: where the thread goes after this step when the step itself does not jump.
    if ("next" in st && state.threads[t].status === READY && me.status !== WAITING && next === me.pc + 1) next = st.next;
    const steps = level.programs[def.program];
    // `end`: the thread's function returns after this step (a `return` in the middle of the code).
    const ends = st.end === true && state.threads[t].status === READY && next === me.pc + 1;
    me.pc = next;
    if (me.status !== WAITING && (ends || me.pc >= steps.length)) me.status = DONE;
    const values = { ...s.vars, ...me.locals, ...(def.bind ?? {}) };
    const logs = [].concat(log ?? []).map((line) => `[${def.name}] ${fill(line, values)}`);
    s.goal = s.goal || reachesGoal(level, s);
    return { state: s, logs };
}

/** Whether the level's goal holds in this state (once it has, `state.goal` stays true). */
function reachesGoal(level, s) {
    const goal = level.goal;
    if (goal.ends && isEnd(level, s)) return goal.ends.includes(endString(level, s));
    if (goal.blocked) return s.threads.some((_, t) => blocked(level, s, t)?.kind === goal.blocked);
    return false;
}

/** A key for a state, equal for equal states (object keys are always built in the same order). */
function key(state) {
    return JSON.stringify(state);
}

/**
 * Every schedule, exhaustively: the set of end states (sorted by byte
 * order), how many schedules there are (distinct sequences of steps from
 * the start to an end) and how many of them reach the goal.
 */
export function enumerate(level) {
    const memo = new Map(); // state key -> {ends: Set, schedules, goals}
    const visit = (state) => {
        const k = key(state);
        const seen = memo.get(k);
        if (seen) return seen;
        let result;
        const moves = runnable(level, state);
        if (moves.length === 0) {
            result = { ends: new Set([endString(level, state)]), schedules: 1, goals: state.goal ? 1 : 0 };
        } else {
            result = { ends: new Set(), schedules: 0, goals: 0 };
            for (const t of moves) {
                const sub = visit(step(level, state, t).state);
                for (const e of sub.ends) result.ends.add(e);
                result.schedules += sub.schedules;
                result.goals += sub.goals;
            }
        }
        memo.set(k, result);
        return result;
    };
    const all = visit(initial(level));
    return { ends: [...all.ends].sort(byteOrder), schedules: all.schedules, goals: all.goals, states: memo.size };
}

/** Byte order, the order the .ends files are sorted in (the same as code-unit order for ASCII, which the ends are). */
function byteOrder(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The .ends file's text for a level. */
export function endsFile(level) {
    return enumerate(level).ends.map((e) => `${e}\n`).join("");
}

/**
 * The lines of an anchored region as mdBook's {{#include FILE:anchor}} gives
 * them: the lines between `ANCHOR: name` and `ANCHOR_END: name`, without any
 * ANCHOR lines inside. Null if the anchor is missing.
 */
export function anchored(source, anchor) {
    const lines = source.split("\n");
    const start = lines.findIndex((l) => new RegExp(`ANCHOR:\\s*${anchor}\\s*$`).test(l));
    const end = lines.findIndex((l, i) => i > start && new RegExp(`ANCHOR_END:\\s*${anchor}\\s*$`).test(l));
    if (start < 0 || end < 0) return null;
    return lines.slice(start + 1, end).filter((l) => !/ANCHOR(_END)?:/.test(l));
}

/**
 * Where each step's line is in the region's lines (trimmed text, `nth`
 * occurrence, counted from 1). Returns {lines: Map step->index, missing: [...]}.
 */
export function locate(level, regionLines) {
    const trimmed = regionLines.map((l) => l.trim());
    const at = (text, nth = 1) => {
        let found = -1;
        for (let i = 0, n = 0; i < trimmed.length; i++) {
            if (trimmed[i] === text && ++n === nth) {
                found = i;
                break;
            }
        }
        return found;
    };
    const missing = [];
    const programs = {};
    for (const [name, steps] of Object.entries(level.programs)) {
        programs[name] = steps.map((st) => {
            const i = at(st.line, st.nth);
            if (i < 0) missing.push(`${name}: ${st.line}${st.nth ? ` (occurrence ${st.nth})` : ""}`);
            return i;
        });
    }
    const skipped = (level.skip ?? []).map((sk) => {
        const i = at(sk.line, sk.nth);
        if (i < 0) missing.push(`skip: ${sk.line}`);
        return i;
    });
    return { programs, skipped, missing };
}
