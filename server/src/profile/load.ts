// A heap profile decoded and charged to a workspace, and the view of one sample type on one file
// as it is now. This is what the editor features, the CLI and the benchmark share. Pure.
import { attribute, type Attribution, type FileCosts } from './attribute';
import { decodeHeapProfile, type HeapProfile } from './decode';
import { heapSampleTypes, type HeapSampleType } from './sampleTypes';
import { declarationLines } from './goNames';
import { PathResolver, type Workspace } from './paths';
import { placeLines, type PlacedLine } from './place';

export interface LoadedProfile {
  /** Where it came from (a path or a URL), for messages. */
  source: string;
  profile: HeapProfile;
  attribution: Attribution;
}

/** Decodes and attributes a profile; `{ error }` says why not. */
export function loadProfile(bytes: Uint8Array, source: string, workspace: Workspace): LoadedProfile | { error: string } {
  // attribute() reads every location id of every sample, and checks them as it goes.
  const decoded = decodeHeapProfile(bytes, { checkStacks: false });
  if ('error' in decoded) return decoded;
  const attribution = attribute(decoded.profile, new PathResolver(workspace));
  if ('error' in attribution) return attribution;
  return { source, profile: decoded.profile, attribution };
}

/** The index of a sample type in the profile, or undefined when the profile lacks it. */
export function sampleIndex(profile: HeapProfile, type: HeapSampleType): number | undefined {
  const i = profile.sampleTypes.findIndex((t) => t.type === type);
  return i < 0 ? undefined : i;
}

/** The profile's heap sample types, in the order a person would pick them. */
export function availableSampleTypes(profile: HeapProfile): HeapSampleType[] {
  return heapSampleTypes.filter((t) => sampleIndex(profile, t) !== undefined);
}

/** One sample type of a profile on one file's current text. */
export interface FileView {
  loaded: LoadedProfile;
  costs: FileCosts;
  type: HeapSampleType;
  /** Index of `type` among the profile's sample types; `objects` of the matching object count. */
  index: number;
  objects?: number;
  /** The profile's total of `type` (100 %). */
  total: number;
  lines: Map<number, PlacedLine>;
}

/** The view of `file` (whose current text is `text`) for a sample type, or undefined when the profile charges nothing to it. */
export function fileView(loaded: LoadedProfile, file: string, text: string, type: HeapSampleType): FileView | undefined {
  const costs = loaded.attribution.files.get(file);
  if (!costs) return undefined;
  const index = sampleIndex(loaded.profile, type) ?? sampleIndex(loaded.profile, availableSampleTypes(loaded.profile)[0] ?? type);
  if (index === undefined) return undefined;
  const chosen = loaded.profile.sampleTypes[index].type as HeapSampleType;
  const objectsType = chosen.replace('_space', '_objects') as HeapSampleType;
  const objects = objectsType !== chosen ? sampleIndex(loaded.profile, objectsType) : undefined;
  return {
    loaded, costs, type: chosen, index, total: loaded.attribution.totals[index], lines: placeLines(costs, declarationLines(text)),
    ...(objects !== undefined ? { objects } : {}),
  };
}

/** Lines whose own share reaches `thresholdPercent`, hottest first. */
export function hotLines(view: FileView, thresholdPercent: number): PlacedLine[] {
  const min = (view.total * thresholdPercent) / 100;
  return [...view.lines.values()].filter((l) => l.self[view.index] > 0 && l.self[view.index] >= min).sort((a, b) => b.self[view.index] - a.self[view.index]);
}
