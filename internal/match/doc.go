// Package match tells whether two customer records name the same company.
// Deal registration (internal/cosell) uses it to find conflicting
// registrations of different partners, and account mapping between
// organisations (internal/mapping) is to use it to pair the customers of two
// partners; neither keeps a matcher of its own.
//
// A record is normalised once (Normalize) into a Key that is stored with it:
//
//   - the canonical name: lower case, umlauts transliterated (ä → ae, ß → ss),
//     other accents dropped, legal forms at the end removed (GmbH, GmbH & Co.
//     KG, e.K., Ltd, S.A., sp. z o.o. …), punctuation and "und"/"and"/"&"
//     removed, words sorted, so that "Bäckerei Größl GmbH", "Baeckerei
//     Groessl" and "Groessl, Bäckerei" have the same name;
//   - the web domain, from a URL or an e-mail address; free mail providers
//     (gmail.com, web.de …) are no company's domain and give none;
//   - the ISO country code;
//   - two blocking keys.
//
// Compare gives the evidence: the same domain, the same canonical name in the
// same country, or a similarity of the names at or above Threshold in the
// same country (Evidence.Fuzzy). The similarity is that of the least similar
// pair of words (see Similarity), so that two companies sharing a generic
// word ("Bäckerei Schmidt", "Bäckerei Schulz") do not match while a typo in
// any word does.
//
// # Blocking
//
// Comparing a new record with every stored one does not scale to a million
// deals, so a search first narrows the candidates by the blocking keys and
// by the domain, and only compares those. A name has two blocks per word:
// the country, the other words of the canonical name, and the first two
// letters of the word; and the same with its last two letters. A search
// finds the stored names that share a block:
//
//	domain = $1 OR name = $2 OR block IN ($3, …)
//
// and Compare decides among the rows found. Word order leaves the canonical
// name, and so the blocks, unchanged. A single edit (insert, delete,
// substitute, swap two neighbours) in one word leaves the other words as
// they are and changes at most one end of the word. Similarity lets a word
// with an edit match only when the longer of the two spellings has five
// letters or more (four letters with one edit are 0.75, below Threshold),
// and in five letters or more no single edit reaches both the first two and
// the last two letters; the other words stay as they are. So every pair of
// names that differ by one edit in one word and match shares a block. Two
// edits in different words, or an edit that joins or splits words, may match
// without a shared block: the search does not promise to find those. The
// blocks are selective: a block names all words but one exactly, so a
// million stored names share a block with a handful each, where the first
// letters of every word alone would put thousands of "Bäckerei M…" into one.
// TestBlocksOfMatchingNames checks the promise over a corpus of company
// names and all their single edits.
package match
