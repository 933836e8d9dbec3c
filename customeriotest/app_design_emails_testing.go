package customeriotest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// appRenderDesignEmail is GET /v1/design_studio/emails/{id}/render: the
// variant's markup with its liquid left as written.
func (s *Server) appRenderDesignEmail(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	x.ok(map[string]any{
		"html": str(e.content, "html"), "amp": str(e.content, "amp"), "text": str(e.content, "text"),
		"language": e.language, "node_id": e.id, "node_type": "EMAIL",
	})
}

// liquidVariable is the one liquid form the fake evaluates: {{scope.key}},
// optionally with | default: "fallback".
var liquidVariable = regexp.MustCompile(`\{\{\s*([a-z_]+)\.([A-Za-z0-9_]+)\s*(?:\|\s*default:\s*"([^"]*)"\s*)?\}\}`)

// previewScopes are the sample data objects a preview takes.
var previewScopes = []string{"customer", "event", "trigger", "objects", "campaign", "journey", "message"}

// evalLiquid fills the variables of text from data; an undefined one without a
// fallback becomes "" and, unless lax, an error.
func evalLiquid(text string, data map[string]any, lax bool, errs *[]string) string {
	return liquidVariable.ReplaceAllStringFunc(text, func(m string) string {
		g := liquidVariable.FindStringSubmatch(m)
		if scope, ok := data[g[1]].(map[string]any); ok {
			if v, ok := scope[g[2]]; ok {
				return fmt.Sprint(v)
			}
		}
		if strings.Contains(m, "default:") {
			return g[3]
		}
		if !lax {
			*errs = append(*errs, "undefined variable "+g[1]+"."+g[2])
		}
		return ""
	})
}

// hrefs finds the links of an HTML document.
var hrefs = regexp.MustCompile(`href="([^"]+)"`)

// appPreviewDesignEmail is POST /v1/design_studio/emails/{id}/preview: the
// variant with {{scope.key}} variables filled from the body's sample data
// (customer, event, trigger, objects, campaign, journey, message; all optional)
// and the undefined ones listed in errors, unless lax.
func (s *Server) appPreviewDesignEmail(x *exchange) {
	body := map[string]any{}
	if len(strings.TrimSpace(string(x.body))) > 0 {
		var ok bool
		if body, ok = x.object(); !ok {
			return
		}
	}
	if k := unknownKey(body, append(previewScopes, "lax")...); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	lax, _ := body["lax"].(bool)
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	var htmlErrs, subjectErrs []string
	html := evalLiquid(str(e.content, "html"), body, lax, &htmlErrs)
	subject := evalLiquid(str(e.content, "subject"), body, lax, &subjectErrs)
	errs := map[string]any{}
	if len(htmlErrs) > 0 {
		errs["html"] = htmlErrs
	}
	if len(subjectErrs) > 0 {
		errs["subject"] = subjectErrs
	}
	links := []string{}
	for _, m := range hrefs.FindAllStringSubmatch(html, -1) {
		links = append(links, m[1])
	}
	x.ok(map[string]any{"html": html, "subject": subject, "errors": errs, "links": links})
}

// appReviewDesignEmail is GET /v1/design_studio/emails/{id}/review: a few of
// Design Studio's checks, run on the variant's saved content (an unsubscribe
// link, preheader text, Gmail's 102 KB clipping, balanced liquid braces), each
// passed or failed, and a score that drops 25 per failure.
func (s *Server) appReviewDesignEmail(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	html := str(e.content, "html")
	checks := map[string]any{"failed-components": "skipped"}
	findings := []map[string]any{}
	check := func(name string, ok bool, fix string) {
		if ok {
			checks[name] = "passed"
			return
		}
		checks[name] = "failed"
		findings = append(findings, map[string]any{"check": name, "message": fix})
	}
	check("unsubscribe", strings.Contains(strings.ToLower(html), "unsubscribe"), "add an unsubscribe link")
	check("preheader", str(e.content, "preheader_text") != "", "add preheader text")
	check("html-clip", len(html) <= 102<<10, "keep the HTML under 102 KB so Gmail does not clip it")
	check("liquid", strings.Count(html, "{{") == strings.Count(html, "}}"), "close every liquid tag")
	score := 100 - 25*len(findings)
	status := "ready"
	if len(findings) > 0 {
		status = "needs_attention"
	}
	x.ok(map[string]any{"node_id": e.id, "score": score, "status": status, "checks": checks, "findings": findings})
}
