// Package validate holds the one validator/v10 instance the library checks request
// structs with, and turns its findings into *customerio.ValidationError.
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	customerio "github.com/gocustomerio/customerio"
)

var instance = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	// notblank: a string that is not empty and not only whitespace.
	_ = v.RegisterValidation("notblank", func(fl validator.FieldLevel) bool {
		f := fl.Field()
		return f.Kind() != reflect.String || !IsBlank(f.String())
	})
	return v
})

// Validator returns the shared instance, for packages that register their own
// struct-level or custom rules at init time.
func Validator() *validator.Validate { return instance() }

// jsonName reports a struct field under its JSON name, so errors speak the wire's
// language ("identifiers.email", not "Identifiers.Email").
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

// Struct checks v's `validate` tags. A failure is a *customerio.ValidationError
// for op, naming each field by its JSON path below the top-level struct.
func Struct(op string, v any) error {
	err := instance().Struct(v)
	if err == nil {
		return nil
	}
	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		return &customerio.ValidationError{Op: op, Fields: []customerio.FieldError{{Message: err.Error()}}}
	}
	ve := &customerio.ValidationError{Op: op}
	for _, fe := range fieldErrs {
		ve.Fields = append(ve.Fields, customerio.FieldError{Field: fieldPath(fe), Message: message(fe)})
	}
	return ve
}

// fieldPath drops the top-level struct's name from the namespace.
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return ns
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required", "required_without", "required_without_all", "required_with", "required_if":
		return "is required"
	case "excluded_with", "excluded_with_all", "excluded_without":
		return "must not be set together with " + strings.ToLower(fe.Param())
	case "oneof":
		return "must be one of: " + fe.Param()
	case "max":
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " bytes"
		}
		return "must have at most " + fe.Param() + " entries"
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " bytes"
		}
		return "must have at least " + fe.Param() + " entries"
	case "gt", "gte", "lt", "lte":
		return fmt.Sprintf("must be %s %s", fe.Tag(), fe.Param())
	case "email":
		return "must be an email address"
	case "url", "http_url":
		return "must be a URL"
	case "notblank":
		return "must not be blank"
	}
	return "fails rule " + fe.Tag()
}

// Field returns a *customerio.ValidationError for op naming one field.
func Field(op, field, format string, args ...any) *customerio.ValidationError {
	return &customerio.ValidationError{
		Op:     op,
		Fields: []customerio.FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}},
	}
}

// IsBlank reports whether s is empty or only whitespace (spaces, tabs, newlines).
// No Customer.io id, key or name is blank: a blank one is a mistake in the
// caller's data, and sending it as is would name nobody, or the wrong person.
func IsBlank(s string) bool { return strings.TrimSpace(s) == "" }

// Blank reports a required string argument that is empty or only whitespace
// (see IsBlank); "0" is an id like any other.
func Blank(op, field, value string) error {
	if IsBlank(value) {
		return Field(op, field, "must not be blank")
	}
	return nil
}
