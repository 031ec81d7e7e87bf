package search

// The stop-word lists are those of the Snowball project
// (https://snowballstem.org/algorithms/english/stop.txt and
// .../french/stop.txt, BSD licence), as shipped by
// github.com/kljensen/snowball in english.IsStopWord and french.IsStopWord.
// That package exposes them only as predicates, not as lists, so they are
// repeated here to be compared on the folded form ("même" and "meme", "à"
// and "a", "été" and "ete" are all stop words); a test checks every entry
// against the package's predicate. Extra French entries, marked below, are
// frequent forms the Snowball list lacks.

var stopWordsEN = []string{
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before",
	"being", "below", "between", "both", "but", "by", "can", "did", "do",
	"does", "doing", "don", "down", "during", "each", "few", "for", "from",
	"further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "itself", "just", "me", "more", "most", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "s", "same",
	"she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "you", "your", "yours", "yourself",
	"yourselves",
}

var stopWordsFR = []string{
	"au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du",
	"elle", "en", "et", "eux", "il", "je", "la", "le", "leur",
	"lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne",
	"nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu",
	"que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te",
	"tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
	"c", "d", "j", "l", "à", "m", "n", "s", "t", "y", "été",
	"étée", "étées", "étés", "étant", "étante", "étants", "étantes",
	"suis", "es", "est", "sommes", "êtes", "sont", "serai",
	"seras", "sera", "serons", "serez", "seront", "serais",
	"serait", "serions", "seriez", "seraient", "étais", "était",
	"étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes",
	"furent", "sois", "soit", "soyons", "soyez", "soient", "fusse",
	"fusses", "fût", "fussions", "fussiez", "fussent", "ayant",
	"ayante", "ayantes", "ayants", "eu", "eue", "eues", "eus",
	"ai", "as", "avons", "avez", "ont", "aurai", "auras", "aura",
	"aurons", "aurez", "auront", "aurais", "aurait", "aurions",
	"auriez", "auraient", "avais", "avait", "avions", "aviez",
	"avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies",
	"ait", "ayons", "ayez", "aient", "eusse", "eusses", "eût",
	"eussions", "eussiez", "eussent",
}

// stopWordsFRExtra are added to the Snowball French list: the plural
// article and pronoun, which it omits.
var stopWordsFRExtra = []string{"les", "ils"}

var (
	stopEN = foldedSet(stopWordsEN)
	stopFR = foldedSet(stopWordsFR, stopWordsFRExtra)
)

func foldedSet(lists ...[]string) map[string]bool {
	m := make(map[string]bool)
	for _, l := range lists {
		for _, w := range l {
			m[Fold(w)] = true
		}
	}
	return m
}
