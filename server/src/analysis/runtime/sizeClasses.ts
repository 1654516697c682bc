// malloc's small size classes (64-bit). Kept as data rather than generated from a Go install at
// build time: the analysis runs without any Go (predicted mode, an untrusted workspace) and the
// build machine need not have every release's sources. test/runtime/sizeClasses.test.ts parses
// each installed runtime's sizeclasses.go and fails when a release's table differs from this one
// (compared when written: go1.19, go1.22.0, go1.23.0, go1.24.0, go1.25.0, go1.26.8 — all the same).
// Pure data.

/** Bytes per object of each size class, class 0 unused (runtime class_to_size / gc.SizeClassToSize). */
export const sizeClassBytes: readonly number[] = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384,
  416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
  3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568,
  14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];

/** The largest small object (runtime maxSmallSize); larger ones get whole pages. */
export const maxSmallSize = 32768;
/** The heap's page size (runtime pageSize, 8 KiB on every platform). */
export const pageSize = 8192;
