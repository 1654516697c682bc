// The sample types of a Go heap profile (what the settings, the CLI and the annotations choose from).

export const heapSampleTypes = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const;
export type HeapSampleType = (typeof heapSampleTypes)[number];
