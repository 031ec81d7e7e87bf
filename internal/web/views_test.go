package web

import (
	"encoding/json"
	"testing"
)

func TestLinkObjectKeepsOrder(t *testing.T) {
	t.Parallel()
	l := LinkObject{{"Sujets", "/fr/sujets"}, {"Séries", "/fr/series"}, {"Auteurs", `/fr/"a"`}}
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Sujets":"/fr/sujets","Séries":"/fr/series","Auteurs":"/fr/\"a\""}`
	if string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
	var back map[string]string
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 3 {
		t.Fatalf("not a valid JSON object: %v %v", back, err)
	}
}
