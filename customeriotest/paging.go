package customeriotest

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// Cursor paging as the App API does it: a request passes limit and the opaque
// start token of the previous answer's next; the last page answers next "".
//
// A token records the ordering number of the last item returned and the list it
// belongs to, so a page continues after that item even when items were added or
// removed in between, and a token from another list is refused.

const cursorVersion = "c1"

// pageRequest is a checked start/limit pair.
type pageRequest struct {
	after int64
	limit int
}

// readPage reads start and limit for the list named scope: limit defaults to
// def and is capped at max.
func readPage(q url.Values, scope string, def, max int) (pageRequest, []problem) {
	pr := pageRequest{limit: def}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return pr, []problem{invalid("limit", "limit must be a positive integer")}
		}
		pr.limit = min(n, max)
	}
	if start := q.Get("start"); start != "" {
		after, ok := decodeCursor(start, scope)
		if !ok {
			return pr, []problem{invalid("start", "start is not a cursor this list returned")}
		}
		pr.after = after
	}
	return pr, nil
}

func encodeCursor(scope string, seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + "|" + scope + "|" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(token, scope string) (int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != cursorVersion || parts[1] != scope {
		return 0, false
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	return n, err == nil && n >= 0
}

// paginate returns the items (sorted by seq) after pr.after, at most pr.limit,
// and the next token ("" when no item follows).
func paginate[T any](items []T, seq func(T) int64, pr pageRequest, scope string) ([]T, string) {
	start := 0
	for start < len(items) && seq(items[start]) <= pr.after {
		start++
	}
	end := min(start+pr.limit, len(items))
	page := items[start:end]
	if end == len(items) || len(page) == 0 {
		return page, ""
	}
	return page, encodeCursor(scope, seq(page[len(page)-1]))
}

// Newest-first lists (a person's activities and messages, a template's
// deliveries) page by key: the token names the last item returned, and the
// next page starts after it in the list as it stands then, so items added
// since (which sort first) never shift the pages that follow.

const keyCursorVersion = "k1"

// keyPage is a checked start/limit pair of a keyed list.
type keyPage struct {
	after string
	limit int
}

// readKeyPage reads start and limit for the keyed list named scope.
func readKeyPage(q url.Values, scope string, def, max int) (keyPage, []problem) {
	kp := keyPage{limit: def}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return kp, []problem{invalid("limit", "limit must be a positive integer")}
		}
		kp.limit = min(n, max)
	}
	if start := q.Get("start"); start != "" {
		raw, err := base64.RawURLEncoding.DecodeString(start)
		parts := strings.SplitN(string(raw), "|", 3)
		if err != nil || len(parts) != 3 || parts[0] != keyCursorVersion || parts[1] != scope || parts[2] == "" {
			return kp, []problem{invalid("start", "start is not a cursor this list returned")}
		}
		kp.after = parts[2]
	}
	return kp, nil
}

// paginateKeys returns the items after the one keyed kp.after (from the first
// when it is "" or gone), at most kp.limit, and the next token.
func paginateKeys[T any](items []T, key func(T) string, kp keyPage, scope string) ([]T, string) {
	start := 0
	if kp.after != "" {
		for i, it := range items {
			if key(it) == kp.after {
				start = i + 1
				break
			}
		}
	}
	end := min(start+kp.limit, len(items))
	page := items[start:end]
	if end == len(items) || len(page) == 0 {
		return page, ""
	}
	token := keyCursorVersion + "|" + scope + "|" + key(page[len(page)-1])
	return page, base64.RawURLEncoding.EncodeToString([]byte(token))
}
