// The shape of one slice of the renderer's store, apart from the store that assembles them, so a
// slice names only the other slices' parts it calls (through get()) and never imports the store.
import type { StateCreator } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';

/** A slice creator: owns `S`, and may read or call `Needs` of the other slices through get(). */
export type SliceCreator<S, Needs = object> = (api: ApiClient) => StateCreator<S & Needs, [], [], S>;
