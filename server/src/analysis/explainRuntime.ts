// What an explanation says about the Go release its numbers are for: which release and why, the
// rules of that release that the numbers follow, and how other releases differ. Pure: a choice of
// toolchain in, markdown lines out.
import { goLabel } from './runtime/goVersion';
import { perIterationLoopVars, runtimeRules, type RuntimeRules } from './runtime/rules';
import { chooseGo, type GoChoice } from './runtime/toolchainChoice';
import { formatBytes } from './sizes';

/** The choice when the caller knows nothing (no go.mod, no installed go): the newest known release. */
export const assumedGo: GoChoice = chooseGo({ hasGoMod: false });

/** `Go 1.26's runtime` */
export function numbersFor(choice: GoChoice): string {
  return `${goLabel(choice.runtime)}'s runtime`;
}

/** One line for the top of the page and the hover: the release and why. */
export function versionLine(choice: GoChoice): string {
  return `Numbers for ${numbersFor(choice)}: ${choice.because}; language version go ${languageText(choice)}.`;
}

function languageText(choice: GoChoice): string {
  return `1.${choice.language.minor}`;
}

/** How append chooses the new capacity, in this release. */
export function growthStory(rules: RuntimeRules): string[] {
  const formula = rules.growth === 'smooth-1.18'
    ? 'a slice with fewer than 256 elements doubles, and from 256 on each step adds (capacity + 3·256) / 4 — a smooth transition from 2× towards 1.25× (the rule since Go 1.18; before it: 2× below 1024 elements, 1.25× above)'
    : 'a slice with fewer than 1024 elements doubles, larger ones grow by 1.25× (the rule before Go 1.18; since then: 2× below 256, then a smooth transition towards 1.25×)';
  const header = rules.mallocHeaders
    ? `In ${rules.label} an object with pointers larger than 512 B also keeps 8 bytes of its size class for its allocation header (since Go 1.22), so such arrays hold 8 bytes less than the class.`
    : `${rules.label} keeps no header in the object (allocation headers, which take 8 bytes of the size class of pointerful arrays above 512 B, arrived in Go 1.22).`;
  const stack = rules.stackSliceBytes > 0
    ? `A slice that stays in its function (the compiler says \`append does not escape\`) starts in a ${rules.stackSliceBytes}-byte buffer on the stack: its first append takes the whole buffer (capacity ${rules.stackSliceBytes}/element size, elements up to ${rules.stackSliceBytes} B; since Go 1.25).${rules.stackBufferLadder ? ' Go 1.26 also keeps a slice that only leaves at the end (returned) in that buffer while it fits and, when its capacity is read, climbs the size classes inside it first.' : ''} Every larger array is allocated by \`runtime.growslice\` on the heap.`
    : `Every array, the first one too, is allocated by \`runtime.growslice\` on the heap (from Go 1.25 a slice that stays in its function starts in a 32-byte stack buffer).`;
  return [
    `If the new length is more than twice the old capacity, the new capacity is the new length; otherwise ${formula}.`,
    `The byte size is then rounded up to a malloc size class (${rules.sizeClasses.length - 1} classes up to 32 KiB) or, above 32 KiB, to whole 8 KiB pages, and the capacity recomputed from it. ${header}`,
    stack,
    'While `growslice` copies, the old and the new array are both live: the peak is the old array plus the new one — about 3× the old array for small slices and 2.25× for large ones.',
  ];
}

/** The page's section on the release: what applies to this module, and what changed when. */
export function runtimeSection(choice: GoChoice): string[] {
  const rules = runtimeRules(choice.runtime);
  const loopVars = perIterationLoopVars(choice.language)
    ? `go ${languageText(choice)}: each iteration of a \`for\` loop has its own loop variables (since go 1.22), so \`&v\` or a closure over \`v\` kept by every iteration holds one variable per iteration — each one allocated on the heap when it escapes.`
    : `go ${languageText(choice)}: a \`for\` loop has one set of loop variables for all its iterations (per-iteration variables need a \`go 1.22\` line), so \`&v\` or a closure over \`v\` kept by every iteration refers to the same variable — and sees only its last value.`;
  return [
    `## ${rules.label}'s rules`, '',
    `- append: ${rules.growth === 'smooth-1.18' ? '2× below 256 elements, then a smooth transition towards 1.25×' : '2× below 1024 elements, then 1.25×'}; sizes rounded to malloc's size classes${rules.mallocHeaders ? ', less the 8-byte allocation header of pointerful arrays above 512 B' : ''}.`,
    `- On the stack when they do not escape: declared variables up to ${formatBytes(rules.maxStackVarSize)} (\`MaxStackVarSize\`), implicit ones — \`new(T)\`, \`&T{}\`, \`make([]T, constant)\` — up to ${formatBytes(rules.maxImplicitStackVarSize)}; larger ones are allocated on the heap.`,
    rules.stackSliceBytes > 0
      ? `- \`make([]T, n)\` with a variable \`n\` and the first append to an empty local slice may use a ${rules.stackSliceBytes}-byte stack buffer when the slice does not escape.`
      : '- `make([]T, n)` with a variable `n` is always allocated on the heap.',
    `- Loop variables (language version): ${loopVars}`,
    '', '### Versions', '',
    '- Go 1.3: contiguous goroutine stacks (copied when they grow). Go 1.4: 2 KiB starting stack.',
    '- Go 1.18: append\'s growth formula (2× below 256 elements, then a smooth transition towards 1.25×).',
    '- Go 1.19: `GOMEMLIMIT` / `debug.SetMemoryLimit` (a soft limit); starting stack size adapts to the average stack usage.',
    '- Go 1.22: allocation headers (8 B inside the size class of pointerful objects above 512 B); per-iteration loop variables for modules with a `go 1.22` line or later.',
    '- Go 1.24: `MaxStackVarSize` lowered from 10 MiB to 128 KiB; maps are Swiss tables.',
    '- Go 1.25: 32-byte stack buffers for small `make([]T, n)` with a variable `n` and for the first append to a local slice.',
    '- Go 1.26: a slice returned at the end may grow in that stack buffer first, moved to the heap when it leaves.',
    '',
  ];
}
