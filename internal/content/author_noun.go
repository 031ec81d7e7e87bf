package content

// FrenchNoun is the noun the French site uses for an author where it
// speaks of them as « l'auteur » (the heading and label of an episode's
// author block, « À propos de l'auteur »). French nouns for people carry a
// gender, so each author chooses theirs; English says "the author" for
// everyone and does not change.
//
// The zero value is FrenchAuteur, the site's wording before authors could
// choose, so an author nobody set keeps it. In content files and forms the
// choices are written as the words themselves: auteur, auteure, autrice,
// and neutre for the wording without gender.
type FrenchNoun string

const (
	// FrenchAuteur: « l'auteur » (masculine; the default).
	FrenchAuteur FrenchNoun = ""
	// FrenchAuteure: « l'auteure » (feminine, the form long usual in Canada).
	FrenchAuteure FrenchNoun = "auteure"
	// FrenchAutrice: « l'autrice » (feminine).
	FrenchAutrice FrenchNoun = "autrice"
	// FrenchNeutral: « la personne autrice », a wording without gender
	// (the « personne + nom » form of inclusive writing), for an author
	// who wants neither.
	FrenchNeutral FrenchNoun = "neutre"
)

// FrenchNouns lists the choices in the order forms offer them.
var FrenchNouns = [4]FrenchNoun{FrenchAuteur, FrenchAuteure, FrenchAutrice, FrenchNeutral}

// frenchAuteurWord is how files and forms write FrenchAuteur.
const frenchAuteurWord = "auteur"

// ParseFrenchNoun reads a choice as files and forms write it: auteur,
// auteure, autrice or neutre, exactly; "" (not given) is auteur, the
// default.
func ParseFrenchNoun(s string) (FrenchNoun, bool) {
	switch n := FrenchNoun(s); n {
	case FrenchAuteur, FrenchAuteure, FrenchAutrice, FrenchNeutral:
		return n, true
	case frenchAuteurWord:
		return FrenchAuteur, true
	}
	return FrenchAuteur, false
}

// Valid reports whether n is one of FrenchNouns.
func (n FrenchNoun) Valid() bool {
	switch n {
	case FrenchAuteur, FrenchAuteure, FrenchAutrice, FrenchNeutral:
		return true
	}
	return false
}

// Word is n as files and forms write it ("auteur" for the default), the
// inverse of ParseFrenchNoun.
func (n FrenchNoun) Word() string {
	if n == FrenchAuteur {
		return frenchAuteurWord
	}
	return string(n)
}

// AboutKey is the catalogue key of the heading of the author's block on
// episode pages, « À propos de l'auteur » in n's form (the English text is
// "About the author" for every form).
func (n FrenchNoun) AboutKey() string {
	switch n {
	case FrenchAuteure:
		return "episode.about_author_auteure"
	case FrenchAutrice:
		return "episode.about_author_autrice"
	case FrenchNeutral:
		return "episode.about_author_neutre"
	}
	return "episode.about_author"
}
