package modbus

import (
	"cmp"
	"slices"
	"strconv"
)

// Request is one read request of a plan: Count registers (or bits) of
// Area from Start, serving the addresses Items (indices into the slice
// given to [Plan]).
type Request struct {
	Area  Area
	Start uint16
	Count uint16
	Items []int
}

// String returns "hr:100+20": the area, the first offset and the count.
func (r Request) String() string {
	return r.Area.String() + ":" + strconv.Itoa(int(r.Start)) + "+" + strconv.Itoa(int(r.Count))
}

// Limit returns the most registers or bits one request of the area may read.
func (a Area) Limit() int {
	if a.Bits() {
		return MaxBits
	}
	return MaxRegisters
}

// Plan groups the addresses into as few read requests as the protocol
// allows: addresses of one area are sorted and merged while the unread
// gap between neighbours is at most maxGap registers (or bits) and the
// request stays within [MaxRegisters] or [MaxBits]. A maxGap of 0 (or
// less) merges only touching or overlapping addresses. N contiguous
// single-register addresses give ceil(N/125) requests. Requests come out
// ordered by area and start; each address is served by exactly one.
func Plan(addrs []Address, maxGap int) []Request {
	idx := make([]int, len(addrs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := addrs[i], addrs[j]
		return cmp.Or(cmp.Compare(a.Area, b.Area), cmp.Compare(a.Offset, b.Offset), cmp.Compare(b.Words(), a.Words()))
	})
	maxGap = max(maxGap, 0)
	var reqs []Request
	end := 0 // one past the last register of the open request
	for _, i := range idx {
		a := addrs[i]
		start, stop := int(a.Offset), int(a.Offset)+a.Words()
		if n := len(reqs); n > 0 {
			r := &reqs[n-1]
			if r.Area == a.Area && start-end <= maxGap && max(end, stop)-int(r.Start) <= a.Area.Limit() {
				end = max(end, stop)
				r.Count = uint16(end - int(r.Start))
				r.Items = append(r.Items, i)
				continue
			}
		}
		reqs = append(reqs, Request{Area: a.Area, Start: a.Offset, Count: uint16(a.Words()), Items: []int{i}})
		end = stop
	}
	return reqs
}
