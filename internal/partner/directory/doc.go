// Package directory is the partner directory's search engine: an
// in-memory index of every organisation that answers the directory's
// searches (text, facets, a free-resources period, sorting, paging) and the
// concierge's matching, without reading the database beyond one counter.
// Package partner owns the organisations and their SQL; it hands the index
// Profiles through a Source and keeps the service API that features call.
//
// # The index
//
// Each organisation has a slot. Per slot the index keeps a small document
// (the fields a hit shows, its sort key, its last change) and columns in
// contiguous arrays: its facet value ids (competency, region, country,
// industry, tier, size, kind, status), its free-resource periods, its
// certifications with their last valid day (never, for one staff have not
// verified; and the last day of the one
// valid longest, for the concierge), whether it is listed (other
// partners see it) and where its city lies. Besides, sets of slots (bitmaps,
// one bit per slot) hold the live slots, the listed ones, those with free
// resources and, per facet value, those that have it. A query without
// words, or whose words match many slots, filters by combining the sets
// (a facet's chosen values or-ed, the facets and-ed) and counts a value as
// the size of its set within the slots that pass every other filter; a
// query whose words match few slots reads those slots' columns instead.
//
// Text is folded (case, accents, ß, the German ae/oe/ue; see Fold) and
// split into terms. Each term has postings: the slots it occurs in, with
// the fields it occurs in (name, competency, domain, place, certification,
// reference, resource, description; the field ranks the hit) and which of
// the first eight references, certifications and resources hold it (for
// the concierge). Terms are also kept in term order, for prefix matching,
// and by length, for typo matching. The live slots are kept in name order,
// with each slot's rank in it, so that sorting by name compares integers.
// Facet values are numbered per facet; a search that asks for a facet's
// counts (Query.Facets; none by default) counts, for each value, the
// results it would give if it were chosen. A page in name order without
// words, filters and counts walks the name order and stops after the page.
//
// # Upkeep from the change counters
//
// Every change to an organisation or its profile takes the next change
// number of one shard of the "organisations" counter (db.Bump) and writes
// it to the organisation's row (the column seq), inside the change's
// transaction, so that each shard hands out its numbers in commit order; a
// change to the competency taxonomy advances the "competencies" counter.
// The index remembers the marks (every shard's value) it has applied.
// Refresh, which runs before every search and matching, reads both
// counters: when they are unchanged it does nothing more; when only the
// organisations counter moved, it loads the rows whose number lies, in its
// shard, between the applied mark and the one read, takes each changed or deleted
// organisation out and puts the changed ones back into new slots (the name
// order and term order are kept by binary search and insertion, not
// re-sorted). Postings of replaced slots stay, skipped, until the next full
// rebuild. A full rebuild follows a change of the taxonomy (competency
// names are indexed with each organisation) and runs when more than a
// third of the slots (plus 1000) are stale; it builds a new state without
// the lock and swaps it in, so searches meanwhile answer from the previous
// state.
//
// The counters are read on every query, not on a signal within the
// process, because several pakt processes may share one PostgreSQL
// database: a change made through one must show in the next search on
// every other. The read is one small query (a row per shard that moved
// at least once): about 11 % of a search's CPU
// on SQLite, and a loopback round trip on PostgreSQL (a text search at 10k
// partners: 78 µs on SQLite, 200 µs on PostgreSQL).
//
// # Limits
//
// Figures from BENCHMARKS.md (2-core machine, SQLite unless said):
//
//   - Time grows with the directory: a query without words combines slot
//     sets of one bit per organisation, and counting a facet value costs
//     one pass over its set (at 100k: 1 563 words); a page in name order
//     without counts visits only the page. At 100k partners on a busy
//     machine (load average 10 to 13): a facets query with every count
//     0.32 ms p50, a plain page of 20 0.06 ms p50 (most of it the counter
//     query). Nothing beyond 100k was measured.
//   - Memory: the live heap of a loaded index is about 13 MB at 10k and
//     122 MB at 100k partners (some 1.2 KB per partner with demo profiles,
//     half of it postings); stale postings add to it until the next full
//     rebuild.
//   - Cold load: the organisations are read 1000 at a time, so that only
//     a few batches of profiles are in memory beside the index, the next
//     batch read while one is indexed. Text is folded and split rune by
//     rune into a reused buffer, and a term costs an allocation only when
//     it is new to the index; the load allocates some 0.9 GB per 100k
//     partners, most of it the rows read. At 100k it takes about 3.9 s
//     of CPU, reading and indexing about half each (on a machine with a
//     load average of 9). While the first load runs in the background
//     (Warm), partner answers searches from the database.
//   - The first search after a change costs the load of the changed rows
//     and the insertions: 0.63 ms p50 at 10k, 3.0 ms at 100k.
//
// What the search does not do: every word of a query must match (no "or",
// no exclusion); there is no phrase search and no word order or proximity;
// a query keeps at most 12 words and drops company legal forms (GmbH, AG,
// …); words of one letter are not indexed (single digits are), so a query
// word of one letter other than a digit matches nothing. A word
// matches terms equal to it and, from two letters on, terms it starts (at
// most 400). Typos are tolerated only when a word matches no term that
// way: none for words under four letters, one edit (insertion, deletion,
// substitution or swap of neighbours) up to seven letters, two from eight.
// Ranking adds, per query word, the weight of the best field it occurs in
// times its kind of match (exact, prefix, typo); it counts neither how
// often a word occurs nor how rare it is. Pages hold at most 100 hits.
package directory
