package benchcorpus

// Word lists of the generator. Base forms are expanded (plurals, verb
// forms, agreement, prefixes) into a few thousand surface words per
// language; see vocab.go.

// English nouns, roughly the register of a public-service learning site.
var enNouns = []string{
	"government", "policy", "service", "data", "program", "citizen", "department", "team", "project", "system",
	"process", "user", "client", "network", "security", "privacy", "risk", "budget", "report", "analysis",
	"strategy", "decision", "model", "agency", "standard", "platform", "record", "request", "access", "form",
	"application", "benefit", "community", "region", "province", "territory", "council", "committee", "minister", "official",
	"employee", "manager", "director", "analyst", "developer", "designer", "researcher", "partner", "stakeholder", "audience",
	"language", "translation", "meeting", "workshop", "training", "course", "lesson", "skill", "tool", "method",
	"framework", "guideline", "principle", "value", "goal", "outcome", "result", "measure", "indicator", "target",
	"survey", "interview", "feedback", "complaint", "question", "answer", "problem", "solution", "challenge", "opportunity",
	"approach", "practice", "experience", "journey", "step", "stage", "phase", "cycle", "release", "version",
	"document", "file", "archive", "library", "database", "server", "cloud", "device", "phone", "laptop",
	"password", "account", "identity", "credential", "threat", "attack", "breach", "incident", "vulnerability", "patch",
	"algorithm", "dataset", "sample", "bias", "fairness", "transparency", "accountability", "ethic", "law", "regulation",
	"contract", "vendor", "procurement", "cost", "saving", "investment", "fund", "grant", "tax", "payment",
	"health", "hospital", "patient", "school", "student", "teacher", "river", "forest", "climate", "weather",
	"bus", "route", "stop", "ride", "commute", "station", "city", "village", "neighbourhood", "street",
	"map", "chart", "table", "graph", "dashboard", "metric", "signal", "pattern", "trend", "forecast",
	"audit", "review", "evaluation", "assessment", "inspection", "approval", "permit", "licence", "consent", "notice",
	"accessibility", "disability", "screen", "keyboard", "caption", "transcript", "podcast", "video", "episode", "series",
	"habit", "routine", "morning", "evening", "week", "month", "year", "summer", "winter", "season",
	"story", "example", "case", "lesson", "mistake", "success", "failure", "idea", "insight", "question",
}

var enVerbs = []string{
	"use", "share", "build", "test", "plan", "deliver", "improve", "measure", "protect", "store",
	"collect", "analyse", "review", "publish", "update", "design", "support", "manage", "lead", "learn",
	"teach", "explain", "describe", "compare", "choose", "decide", "approve", "request", "report", "track",
	"monitor", "prevent", "detect", "respond", "recover", "encrypt", "verify", "validate", "migrate", "automate",
	"translate", "record", "listen", "watch", "read", "write", "ask", "answer", "fix", "break",
	"launch", "retire", "fund", "hire", "train", "coach", "mentor", "consult", "engage", "involve",
	"simplify", "reduce", "increase", "adapt", "adopt", "scale", "connect", "integrate", "document", "archive",
}

var enAdjectives = []string{
	"digital", "public", "federal", "provincial", "local", "national", "open", "secure", "private", "personal",
	"simple", "clear", "complex", "new", "old", "modern", "legacy", "agile", "lean", "small",
	"large", "quick", "slow", "careful", "useful", "practical", "ethical", "legal", "official", "bilingual",
	"accessible", "inclusive", "diverse", "fair", "transparent", "responsible", "reliable", "resilient", "robust", "efficient",
	"effective", "common", "rare", "daily", "weekly", "annual", "early", "late", "recent", "future",
	"human", "automated", "manual", "shared", "sensitive", "critical", "strategic", "technical", "financial", "social",
}

var enPrefixes = []string{"re", "co", "pre", "sub", "inter", "multi", "micro", "auto", "cyber", "meta", "over", "under", "non", "post"}

var enProper = []string{
	"Ottawa", "Toronto", "Montréal", "Québec", "Gatineau", "Halifax", "Winnipeg", "Regina", "Edmonton", "Calgary",
	"Vancouver", "Victoria", "Whitehorse", "Yellowknife", "Iqaluit", "Moncton", "Fredericton", "Charlottetown", "Saskatoon", "Sudbury",
	"Canada", "Nunavut", "Yukon", "Alberta", "Manitoba", "Ontario", "Saskatchewan", "Atlantic", "Arctic", "Pacific",
	"Python", "Linux", "GitHub", "Excel", "Kubernetes", "PostgreSQL", "SQLite", "Markdown", "JSON", "API",
}

var enPreps = []string{"of", "for", "with", "in", "on", "about", "across", "between", "through", "without", "under", "after", "before", "during"}

var enConnectors = []string{
	"In practice,", "For example,", "However,", "As a result,", "In other words,", "First,", "Then,", "Finally,",
	"Meanwhile,", "On the other hand,", "Still,", "Above all,", "In short,", "Today,", "Last year,",
}

// French nouns with their gender (true: feminine).
type frNoun struct {
	w   string
	fem bool
}

var frNouns = []frNoun{
	{"gouvernement", false}, {"politique", true}, {"service", false}, {"donnée", true}, {"programme", false},
	{"citoyen", false}, {"ministère", false}, {"équipe", true}, {"projet", false}, {"système", false},
	{"processus", false}, {"utilisateur", false}, {"client", false}, {"réseau", false}, {"sécurité", true},
	{"vie privée", true}, {"risque", false}, {"budget", false}, {"rapport", false}, {"analyse", true},
	{"stratégie", true}, {"décision", true}, {"modèle", false}, {"agence", true}, {"norme", true},
	{"plateforme", true}, {"dossier", false}, {"demande", true}, {"accès", false}, {"formulaire", false},
	{"application", true}, {"prestation", true}, {"communauté", true}, {"région", true}, {"province", true},
	{"territoire", false}, {"conseil", false}, {"comité", false}, {"ministre", false}, {"fonctionnaire", false},
	{"employé", false}, {"gestionnaire", false}, {"directrice", true}, {"analyste", false}, {"développeuse", true},
	{"conceptrice", true}, {"chercheur", false}, {"partenaire", false}, {"intervenant", false}, {"public", false},
	{"langue", true}, {"traduction", true}, {"réunion", true}, {"atelier", false}, {"formation", true},
	{"cours", false}, {"leçon", true}, {"compétence", true}, {"outil", false}, {"méthode", true},
	{"cadre", false}, {"ligne directrice", true}, {"principe", false}, {"valeur", true}, {"objectif", false},
	{"résultat", false}, {"mesure", true}, {"indicateur", false}, {"cible", true}, {"sondage", false},
	{"entrevue", true}, {"rétroaction", true}, {"plainte", true}, {"question", true}, {"réponse", true},
	{"problème", false}, {"solution", true}, {"défi", false}, {"occasion", true}, {"approche", true},
	{"pratique", true}, {"expérience", true}, {"parcours", false}, {"étape", true}, {"phase", true},
	{"cycle", false}, {"version", true}, {"document", false}, {"fichier", false}, {"archive", true},
	{"bibliothèque", true}, {"base", true}, {"serveur", false}, {"nuage", false}, {"appareil", false},
	{"téléphone", false}, {"ordinateur", false}, {"mot de passe", false}, {"compte", false}, {"identité", true},
	{"menace", true}, {"attaque", true}, {"atteinte", true}, {"incident", false}, {"vulnérabilité", true},
	{"correctif", false}, {"algorithme", false}, {"jeu de données", false}, {"échantillon", false}, {"biais", false},
	{"équité", true}, {"transparence", true}, {"responsabilité", true}, {"éthique", true}, {"loi", true},
	{"règlement", false}, {"contrat", false}, {"fournisseur", false}, {"approvisionnement", false}, {"coût", false},
	{"économie", true}, {"investissement", false}, {"fonds", false}, {"subvention", true}, {"impôt", false},
	{"paiement", false}, {"santé", true}, {"hôpital", false}, {"patient", false}, {"école", true},
	{"élève", false}, {"enseignante", true}, {"rivière", true}, {"forêt", true}, {"climat", false},
	{"autobus", false}, {"trajet", false}, {"arrêt", false}, {"station", true}, {"ville", true},
	{"village", false}, {"quartier", false}, {"rue", true}, {"carte", true}, {"tableau", false},
	{"graphique", false}, {"tableau de bord", false}, {"signal", false}, {"tendance", true}, {"prévision", true},
	{"audit", false}, {"examen", false}, {"évaluation", true}, {"inspection", true}, {"approbation", true},
	{"permis", false}, {"licence", true}, {"consentement", false}, {"avis", false}, {"accessibilité", true},
	{"handicap", false}, {"écran", false}, {"clavier", false}, {"sous-titre", false}, {"transcription", true},
	{"balado", false}, {"vidéo", true}, {"épisode", false}, {"série", true}, {"habitude", true},
	{"routine", true}, {"matin", false}, {"soirée", true}, {"semaine", true}, {"mois", false},
	{"année", true}, {"été", false}, {"hiver", false}, {"saison", true}, {"histoire", true},
	{"exemple", false}, {"cas", false}, {"erreur", true}, {"réussite", true}, {"échec", false},
	{"idée", true}, {"œuvre", true}, {"cœur", false}, {"façon", true}, {"intelligence", true},
}

// French verbs: infinitive, 3rd singular, 3rd plural, past participle.
var frVerbs = [][4]string{
	{"utiliser", "utilise", "utilisent", "utilisé"}, {"partager", "partage", "partagent", "partagé"},
	{"bâtir", "bâtit", "bâtissent", "bâti"}, {"tester", "teste", "testent", "testé"},
	{"planifier", "planifie", "planifient", "planifié"}, {"offrir", "offre", "offrent", "offert"},
	{"améliorer", "améliore", "améliorent", "amélioré"}, {"mesurer", "mesure", "mesurent", "mesuré"},
	{"protéger", "protège", "protègent", "protégé"}, {"conserver", "conserve", "conservent", "conservé"},
	{"recueillir", "recueille", "recueillent", "recueilli"}, {"analyser", "analyse", "analysent", "analysé"},
	{"examiner", "examine", "examinent", "examiné"}, {"publier", "publie", "publient", "publié"},
	{"mettre à jour", "met à jour", "mettent à jour", "mis à jour"}, {"concevoir", "conçoit", "conçoivent", "conçu"},
	{"soutenir", "soutient", "soutiennent", "soutenu"}, {"gérer", "gère", "gèrent", "géré"},
	{"diriger", "dirige", "dirigent", "dirigé"}, {"apprendre", "apprend", "apprennent", "appris"},
	{"enseigner", "enseigne", "enseignent", "enseigné"}, {"expliquer", "explique", "expliquent", "expliqué"},
	{"décrire", "décrit", "décrivent", "décrit"}, {"comparer", "compare", "comparent", "comparé"},
	{"choisir", "choisit", "choisissent", "choisi"}, {"décider", "décide", "décident", "décidé"},
	{"approuver", "approuve", "approuvent", "approuvé"}, {"demander", "demande", "demandent", "demandé"},
	{"signaler", "signale", "signalent", "signalé"}, {"suivre", "suit", "suivent", "suivi"},
	{"surveiller", "surveille", "surveillent", "surveillé"}, {"prévenir", "prévient", "préviennent", "prévenu"},
	{"détecter", "détecte", "détectent", "détecté"}, {"répondre", "répond", "répondent", "répondu"},
	{"récupérer", "récupère", "récupèrent", "récupéré"}, {"chiffrer", "chiffre", "chiffrent", "chiffré"},
	{"vérifier", "vérifie", "vérifient", "vérifié"}, {"valider", "valide", "valident", "validé"},
	{"migrer", "migre", "migrent", "migré"}, {"automatiser", "automatise", "automatisent", "automatisé"},
	{"traduire", "traduit", "traduisent", "traduit"}, {"enregistrer", "enregistre", "enregistrent", "enregistré"},
	{"écouter", "écoute", "écoutent", "écouté"}, {"regarder", "regarde", "regardent", "regardé"},
	{"lire", "lit", "lisent", "lu"}, {"écrire", "écrit", "écrivent", "écrit"},
	{"réparer", "répare", "réparent", "réparé"}, {"lancer", "lance", "lancent", "lancé"},
	{"financer", "finance", "financent", "financé"}, {"embaucher", "embauche", "embauchent", "embauché"},
	{"former", "forme", "forment", "formé"}, {"accompagner", "accompagne", "accompagnent", "accompagné"},
	{"consulter", "consulte", "consultent", "consulté"}, {"mobiliser", "mobilise", "mobilisent", "mobilisé"},
	{"simplifier", "simplifie", "simplifient", "simplifié"}, {"réduire", "réduit", "réduisent", "réduit"},
	{"accroître", "accroît", "accroissent", "accru"}, {"adapter", "adapte", "adaptent", "adapté"},
	{"adopter", "adopte", "adoptent", "adopté"}, {"relier", "relie", "relient", "relié"},
	{"intégrer", "intègre", "intègrent", "intégré"}, {"documenter", "documente", "documentent", "documenté"},
	{"créer", "crée", "créent", "créé"}, {"établir", "établit", "établissent", "établi"},
}

// French adjectives: masculine singular, feminine singular.
var frAdjectives = [][2]string{
	{"numérique", "numérique"}, {"public", "publique"}, {"fédéral", "fédérale"}, {"provincial", "provinciale"},
	{"local", "locale"}, {"national", "nationale"}, {"ouvert", "ouverte"}, {"sécurisé", "sécurisée"},
	{"privé", "privée"}, {"personnel", "personnelle"}, {"simple", "simple"}, {"clair", "claire"},
	{"complexe", "complexe"}, {"nouveau", "nouvelle"}, {"ancien", "ancienne"}, {"moderne", "moderne"},
	{"agile", "agile"}, {"petit", "petite"}, {"grand", "grande"}, {"rapide", "rapide"},
	{"lent", "lente"}, {"prudent", "prudente"}, {"utile", "utile"}, {"pratique", "pratique"},
	{"éthique", "éthique"}, {"légal", "légale"}, {"officiel", "officielle"}, {"bilingue", "bilingue"},
	{"accessible", "accessible"}, {"inclusif", "inclusive"}, {"diversifié", "diversifiée"}, {"équitable", "équitable"},
	{"transparent", "transparente"}, {"responsable", "responsable"}, {"fiable", "fiable"}, {"résilient", "résiliente"},
	{"robuste", "robuste"}, {"efficace", "efficace"}, {"commun", "commune"}, {"rare", "rare"},
	{"quotidien", "quotidienne"}, {"hebdomadaire", "hebdomadaire"}, {"annuel", "annuelle"}, {"récent", "récente"},
	{"futur", "future"}, {"humain", "humaine"}, {"automatisé", "automatisée"}, {"manuel", "manuelle"},
	{"partagé", "partagée"}, {"sensible", "sensible"}, {"critique", "critique"}, {"stratégique", "stratégique"},
	{"technique", "technique"}, {"financier", "financière"}, {"social", "sociale"}, {"précis", "précise"},
	{"général", "générale"}, {"entier", "entière"}, {"léger", "légère"}, {"naïf", "naïve"},
}

var frPrefixes = []string{"ré", "co", "pré", "sous", "inter", "multi", "micro", "auto", "cyber", "méta", "sur", "télé", "anti", "post"}

var frProper = []string{
	"Ottawa", "Toronto", "Montréal", "Québec", "Gatineau", "Halifax", "Winnipeg", "Trois-Rivières", "Sherbrooke", "Rimouski",
	"Saguenay", "Lévis", "Laval", "Longueuil", "Moncton", "Caraquet", "Sudbury", "Iqaluit", "Whitehorse", "Yellowknife",
	"Canada", "Nunavut", "Yukon", "Alberta", "Manitoba", "Ontario", "Acadie", "Outaouais", "Gaspésie", "Abitibi",
	"Python", "Linux", "GitHub", "Excel", "Kubernetes", "PostgreSQL", "SQLite", "Markdown", "JSON", "API",
}

var frConnectors = []string{
	"En pratique,", "Par exemple,", "Cependant,", "Par conséquent,", "Autrement dit,", "D’abord,", "Ensuite,", "Enfin,",
	"Entre-temps,", "En revanche,", "Pourtant,", "Avant tout,", "Bref,", "Aujourd’hui,", "L’an dernier,",
}

var frPreps = []string{"pour", "avec", "dans", "sur", "entre", "sans", "sous", "après", "avant", "pendant", "selon", "vers"}

// People's names for authors.
var firstNames = []string{
	"Élise", "François", "Amélie", "Hélène", "Benoît", "Geneviève", "Stéphane", "Chloé", "Jérôme", "Noémie",
	"Ada", "Charles", "Grace", "Alan", "Priya", "Wei", "Fatima", "Omar", "Siobhan", "Liam",
	"Zoë", "Raphaël", "Maëlle", "Anaïs", "Léa", "Gaëtan", "Joëlle", "Émile", "Inès", "Thérèse",
}

var lastNames = []string{
	"Côté", "Bélanger", "Tremblay", "Gagnon", "Lévesque", "Bouchard", "Gauthier", "Leblanc", "Paré", "Fréchette",
	"Lovelace", "Babbage", "Hopper", "Turing", "Sharma", "Zhang", "Haddad", "Nakamura", "O’Brien", "MacDonald",
	"Desjardins", "Thériault", "Ouellet", "Lemieux", "Bérubé", "Nguyen", "Kowalski", "Okafor", "Álvarez", "Müller",
}

// Topics: key, English name, French name.
var topicNames = [][3]string{
	{"ai", "Artificial intelligence", "Intelligence artificielle"},
	{"data", "Data", "Données"},
	{"privacy", "Privacy", "Vie privée"},
	{"security", "Cyber security", "Cybersécurité"},
	{"accessibility", "Accessibility", "Accessibilité"},
	{"design", "Service design", "Conception de services"},
	{"languages", "Official languages", "Langues officielles"},
	{"leadership", "Leadership", "Leadership"},
	{"procurement", "Procurement", "Approvisionnement"},
	{"cloud", "Cloud", "Infonuagique"},
	{"open-gov", "Open government", "Gouvernement ouvert"},
	{"finance", "Finance", "Finances"},
	{"hr", "People management", "Gestion des personnes"},
	{"wellness", "Mental health", "Santé mentale"},
	{"climate", "Climate", "Climat"},
	{"policy", "Policy", "Politiques"},
	{"agile", "Agile delivery", "Livraison agile"},
	{"research", "User research", "Recherche sur les utilisateurs"},
	{"writing", "Plain language", "Langage clair"},
	{"ethics", "Values and ethics", "Valeurs et éthique"},
	{"records", "Information management", "Gestion de l’information"},
	{"indigenous", "Indigenous reconciliation", "Réconciliation avec les Autochtones"},
	{"transit", "Transit", "Transport en commun"},
	{"careers", "Careers", "Carrières"},
}
