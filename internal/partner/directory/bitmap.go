package directory

import (
	"iter"
	"math/bits"
)

// bitmap is a set of slots: slot s is bit s%64 of word s/64. Words past
// its end count as zero, so that a value's set grows only as far as its
// last slot.
type bitmap []uint64

// words is the length of a bitmap that holds n slots.
func words(n int) int { return (n + 63) / 64 }

// reuse returns *b sized to n words and cleared, reallocated only when
// too small.
func reuse(b *bitmap, n int) bitmap {
	if cap(*b) < n {
		*b = make(bitmap, n)
	}
	*b = (*b)[:n]
	clear(*b)
	return *b
}

// set adds slot, growing b as needed.
func (b *bitmap) set(slot int32) {
	w := int(slot >> 6)
	if w >= len(*b) {
		*b = append(*b, make([]uint64, w+1-len(*b))...)
	}
	(*b)[w] |= 1 << (slot & 63)
}

// unset takes slot out.
func (b bitmap) unset(slot int32) {
	if w := int(slot >> 6); w < len(b) {
		b[w] &^= 1 << (slot & 63)
	}
}

// has reports whether slot is in b.
func (b bitmap) has(slot int32) bool {
	w := int(slot >> 6)
	return w < len(b) && b[w]&(1<<(slot&63)) != 0
}

// assign makes b a copy of a, cut or padded to b's length.
func (b bitmap) assign(a bitmap) {
	n := copy(b, a)
	clear(b[n:])
}

// and keeps in b the slots that are also in a.
func (b bitmap) and(a bitmap) {
	n := min(len(a), len(b))
	for i := range n {
		b[i] &= a[i]
	}
	clear(b[n:])
}

// or adds a's slots to b, as far as b reaches.
func (b bitmap) or(a bitmap) {
	for i, w := range a[:min(len(a), len(b))] {
		b[i] |= w
	}
}

// count returns the number of slots in b.
func (b bitmap) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// andCount returns the number of slots in both b and a.
func (b bitmap) andCount(a bitmap) int {
	n := 0
	for i, w := range b[:min(len(a), len(b))] {
		if w != 0 {
			n += bits.OnesCount64(w & a[i])
		}
	}
	return n
}

// slots yields b's slots in order.
func (b bitmap) slots() iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for i, w := range b {
			for w != 0 {
				if !yield(int32(i<<6 | bits.TrailingZeros64(w))) {
					return
				}
				w &= w - 1
			}
		}
	}
}
