// Which layouts a resource's facts are read into, by what the file is: a
// song's title is the song's, a PDF's the document's, a photo's its
// description's. Whatever none of them shows is left for the generic list,
// in the engine's order. Pure.
import type { Fact } from "./bindings";
import { readDocumentInfo, type DocumentInfo } from "./documentInfo";
import { isDocument, isSound } from "./fileTypes";
import { readPhotoInfo, type PhotoInfo } from "./photoInfo";
import { readSongInfo, type SongInfo } from "./songInfo";

export type ResourceInfo = {
  photo: PhotoInfo | null;
  song: SongInfo | null;
  document: DocumentInfo | null;
  rest: Fact[];
};

export function readResourceInfo(contentType: string, facts: Fact[]): ResourceInfo {
  let rest = facts;
  let song: SongInfo | null = null;
  let document: DocumentInfo | null = null;
  if (isSound(contentType)) ({ info: song, rest } = readSongInfo(rest));
  if (isDocument(contentType)) ({ info: document, rest } = readDocumentInfo(rest));
  const { info: photo, rest: left } = readPhotoInfo(rest);
  return { photo, song, document, rest: left };
}
