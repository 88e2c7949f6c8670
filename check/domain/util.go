package domain

import (
	"slices"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func contains(list []string, s string) bool { return slices.Contains(list, s) }
