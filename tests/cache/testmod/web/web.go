package web

import (
	"net/http"
	"strconv"

	"example.com/cachetest/mid"
)

func Handler(words []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, _ := mid.Run(append(words, r.URL.Path))
		w.Header().Set("X-N", strconv.Itoa(n))
	}
}
