// Package index is Busrides' search engine: each server's copy, in memory,
// of the part of the search index it needs, and the searches run over it.
//
// The index itself lives in a database (internal/store/sqldb), written in
// the same transaction as the content. An Engine reads it through a Source
// and holds:
//
//   - the posting lists of the terms searched recently, each a sorted
//     array of episode ids with their weights, loaded whole on first use
//     and bounded in memory (least recently used dropped);
//   - per language, the narrow document rows that every candidate needs
//     (kind, series, minutes, topics, publication), loaded on the first
//     search in that language;
//   - the hits shown recently (what a result card shows and the snippet
//     text), bounded too, for the current generation only.
//
// Intersecting, filtering, counting topics and ranking run over these
// arrays; the Source loads only the page of hits the copy lacks.
//
// The copy follows the database through its generation, a counter that
// every change to what search finds moves, and a journal of the versions
// each generation changed: before each search the Engine reads the
// generation and, when it has moved, patches its lists and documents from
// the changed versions' current postings and rows, or drops everything
// when too much changed (see Engine.Sync).
//
// The package also computes what the index holds of one version
// (AnalyzeVersion) and which stored postings a new analysis changes
// (DiffPostings), so that the database only writes rows. It does no I/O.
package index
