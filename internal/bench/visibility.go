package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"time"

	"pakt/internal/partner"
)

// Bounds of the visibility probe: a change later than visibleLate is
// late (the target is a second), one not seen after visibleGiveUp is
// unseen; visiblePoll is the polling interval.
const (
	visibleLate   = time.Second
	visibleGiveUp = 5 * time.Second
	visiblePoll   = 5 * time.Millisecond
)

// visibility renames the probe organisations one after the other through
// server i mod n and polls server i+1 mod n (its directory search for the
// new name, and the profile) until both show the new name, until ctx
// ends. It measures from the change's answer to the sending of the first
// request that shows it.
func (w *mixedWorld) visibility(ctx context.Context, client *http.Client, seed int) Visibility {
	var search, profile []time.Duration
	var v Visibility
	for i := 0; ctx.Err() == nil; i++ {
		from, to := w.urls[i%len(w.urls)], w.urls[(i+1)%len(w.urls)]
		id := w.probe[i%len(w.probe)]
		// A word of letters only, unlike any other change's in more than
		// a typo, so that the search finds this change and no other.
		word := "peerprobe" + letters(seed*100000+i)
		name := "Probe " + word
		body, _ := json.Marshal(map[string]string{"legal_name": name})
		if _, err := call(ctx, client, from, w.staff.token, http.MethodPatch, "/api/v1/partners/"+id, body, http.StatusOK); err != nil {
			break // the run ended, or the load reports the failure
		}
		changed := time.Now()
		q := "/api/v1/partners?" + url.Values{"q": {word}, "per_page": {"100"}}.Encode()
		// The search and the profile are polled side by side, so that a
		// slow answer of one does not delay the other's first request.
		var inSearch, inProfile time.Duration
		var polls sync.WaitGroup
		polls.Go(func() { inSearch = firstShown(ctx, client, to, w.staff.token, q, id, name, changed) })
		polls.Go(func() {
			inProfile = firstShown(ctx, client, to, w.staff.token, "/api/v1/partners/"+id, id, name, changed)
		})
		polls.Wait()
		if ctx.Err() != nil && (inSearch == 0 || inProfile == 0) {
			break // cut off by the end of the run: not a measurement
		}
		if inSearch == 0 || inProfile == 0 {
			v.Unseen++
			inSearch, inProfile = max(inSearch, visibleGiveUp), max(inProfile, visibleGiveUp)
		}
		if max(inSearch, inProfile) > visibleLate {
			v.Late++
		}
		search, profile = append(search, inSearch), append(profile, inProfile)
		time.Sleep(50 * time.Millisecond)
	}
	v.Search, v.Profile = Summarise(search), Summarise(profile)
	return v
}

// firstShown polls GET path on base until it shows the organisation id
// named name, and returns the time from changed to the sending of the
// request that showed it: a request sent that long after the change sees
// it, however long the server then takes to answer. It returns 0 when
// nothing showed it within visibleGiveUp or before ctx ended.
func firstShown(ctx context.Context, client *http.Client, base, token, path, id, name string, changed time.Time) time.Duration {
	for ctx.Err() == nil {
		sent := time.Since(changed)
		if sent >= visibleGiveUp {
			return 0
		}
		if shows(ctx, client, base, token, path, id, name) {
			return max(sent, 1)
		}
		time.Sleep(visiblePoll)
	}
	return 0
}

// shows reports whether GET path on base answers with the organisation id
// named name: a search result with it among the hits, or its profile.
func shows(ctx context.Context, client *http.Client, base, token, path, id, name string) bool {
	b, err := call(ctx, client, base, token, http.MethodGet, path, nil, http.StatusOK)
	if err != nil {
		return false
	}
	var res partner.Result
	var org partner.Organisation
	if json.Unmarshal(b, &res) == nil {
		for _, h := range res.Hits {
			if h.ID == id && h.LegalName == name {
				return true
			}
		}
	}
	return json.Unmarshal(b, &org) == nil && org.ID == id && org.LegalName == name
}

// letters writes n in base 26 with the letters a to z.
func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}
