package web

import (
	"net/http"
	"strconv"

	"example.com/cachetest/mid"
	"example.com/cachetest/util"
)

func Handler(words []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, _ := mid.Run(append(words, r.URL.Path))
		w.Header().Set("X-N", strconv.Itoa(n))
	}
}

// util.Via[int]'s body inlines gen.Shared (util's export data carries it)
// but not gen.Hidden (web does not import gen, and util never inlined it).
func Visible(x int) int { return util.Via[int](x, 0) }
