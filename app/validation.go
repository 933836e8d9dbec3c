package app

import (
	"errors"
	"net/url"
	"slices"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// problems collects every problem with one call's input, so a single
// *customerio.ValidationError names them all before anything is sent.
type problems struct {
	op     string
	fields []customerio.FieldError
}

func newProblems(op string) *problems { return &problems{op: op} }

// add records a problem with field.
func (p *problems) add(field, format string, args ...any) {
	p.merge(validate.Field(p.op, field, format, args...))
}

// merge folds the fields of a *customerio.ValidationError (or any other error, as
// one message) into p.
func (p *problems) merge(err error) {
	if err == nil {
		return
	}
	var ve *customerio.ValidationError
	if errors.As(err, &ve) {
		p.fields = append(p.fields, ve.Fields...)
		return
	}
	p.fields = append(p.fields, customerio.FieldError{Message: err.Error()})
}

// httpURL records a value that is not an absolute http or https URL.
func (p *problems) httpURL(field, value string) {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.add(field, "must be a URL")
	}
}

// blank records a required string argument that is empty or only whitespace.
func (p *problems) blank(field, value string) { p.merge(validate.Blank(p.op, field, value)) }

// id records a path id below 1; Customer.io's numeric ids start at 1.
func (p *problems) id(field string, id int) {
	if id < 1 {
		p.add(field, "must be a positive id, not %d", id)
	}
}

// firstBlank records the first blank entry of list, naming it field[i]; one is
// enough to point at, and a long list would drown the error.
func (p *problems) firstBlank(field string, list []string) {
	if i := slices.IndexFunc(list, validate.IsBlank); i >= 0 {
		p.add(field+"["+strconv.Itoa(i)+"]", "must not be blank")
	}
}

// data prepares a free-form map for the wire (times to Unix seconds, NaN and
// infinity rejected), naming problems under field. The caller's map is never
// modified.
func (p *problems) data(field string, m map[string]any) map[string]any {
	out, err := transport.NormalizeMap(p.op, field, m)
	p.merge(err)
	return out
}

// err returns the collected problems as one *customerio.ValidationError, or nil.
func (p *problems) err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &customerio.ValidationError{Op: p.op, Fields: p.fields}
}
