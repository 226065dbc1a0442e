import type { components } from './generated/schema.js';

type Datablock = components['schemas']['Datablock'];
type DatablockList = components['schemas']['DatablockList'];

/**
 * The datablocks of a `getDatablocks` response, whichever key IDnow used: current docs say `dataBlocks`,
 * older docs `datablocks`. Returns an empty array when neither is present.
 */
export function datablocksOf(list: DatablockList): Datablock[] {
  return list.dataBlocks ?? list.datablocks ?? [];
}

/** A datablock's id under either documented spelling (`datablockId` / `dataBlockId`). */
export function datablockIdOf(block: Datablock): string | undefined {
  return block.datablockId ?? block.dataBlockId;
}
