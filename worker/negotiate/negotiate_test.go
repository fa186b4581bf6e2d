package negotiate

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// browserAccept is what Chromium sends when a form is submitted.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

func TestWantsHTML(t *testing.T) {
	for _, tc := range []struct {
		contentType, accept string
		want                bool
	}{
		{"application/x-www-form-urlencoded", "", true},
		{"application/x-www-form-urlencoded", browserAccept, true},
		{"application/x-www-form-urlencoded", "*/*", true},
		{"multipart/form-data; boundary=x", "application/json", false},
		{"application/x-www-form-urlencoded", "text/html;q=0.5, application/json", false},
		{"application/x-www-form-urlencoded", "text/*;q=0.9, application/*", false},
		{"application/json", browserAccept, false},
		{"", "", false},
		{"text/plain", "*/*", false},
		{"text/plain", browserAccept, true},
		{"", "application/json, text/html;q=0.1", false},
		{"", "text/html, application/json;q=0, */*;q=0.8", true},
	} {
		r := httptest.NewRequest(http.MethodPost, "/api/reports", nil)
		r.Header.Set("Content-Type", tc.contentType)
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		if got := WantsHTML(r); got != tc.want {
			t.Errorf("WantsHTML(Content-Type %q, Accept %q) = %v, want %v", tc.contentType, tc.accept, got, tc.want)
		}
	}
}
