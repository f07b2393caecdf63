package advice

// German: "du", as in German running apps and training plans.
var deMessages = map[Key]Message{
	Overstride: {
		Title:  "Fußaufsatz zu weit vorn",
		Advice: "Dein Fuß setzt deutlich vor der Hüfte auf. Das bremst jeden Schritt und belastet das Knie. Verkürze den Schritt etwas und setze den Fuß näher unter dem Körper auf.",
		Cue:    "Fuß unter der Hüfte aufsetzen",
		Drill:  "Wand-Drills: 3 × 20 s, zweimal pro Woche",
	},
	LowCadence: {
		Title:  "Niedrige Schrittfrequenz",
		Advice: "Deine Schrittfrequenz ist für ein lockeres Tempo niedrig, was meist mit langen, schweren Schritten einhergeht. Steigere sie schrittweise um 5–10 %, nicht auf einmal.",
		Cue:    "Schnelle, leichte Schritte",
		Drill:  "Laufen mit Metronom bei +5 % Frequenz: 3 × 3 min im lockeren Dauerlauf, zweimal pro Woche",
	},
	HighCadence: {
		Title:  "Sehr hohe Schrittfrequenz",
		Advice: "Deine Schritte sind für dieses Tempo sehr kurz und trippelnd: Du verbrauchst Energie, ohne Strecke zu machen. Lass den Schritt etwas länger werden, indem du aus der Hüfte nach hinten abdrückst.",
		Cue:    "Den Boden nach hinten wegdrücken",
		Drill:  "Steigerungsläufe: 6 × 20 s locker und raumgreifend, volle Pause, zweimal pro Woche",
	},
	LongGroundContact: {
		Title:  "Lange Bodenkontaktzeit",
		Advice: "Dein Fuß bleibt für dein Tempo lange am Boden, dadurch geht elastische Energie verloren. Arbeite an einem schnelleren, federnden Bodenkontakt.",
		Cue:    "Der Boden ist heiß: schnell wieder weg",
		Drill:  "Pogo-Sprünge: 3 × 20 Kontakte, zweimal pro Woche",
	},
	HeelStrike: {
		Title:  "Harter Fersenaufsatz",
		Advice: "Du landest hart auf der Ferse, den Fuß weit vor dem Körper. Der Fersenaufsatz an sich ist kein Problem, wohl aber das weite Vorgreifen. Setze den Fuß näher am Körper auf.",
		Cue:    "Weich landen, unter dem Körper",
		Drill:  "Barfuß-Steigerungen auf Rasen: 4 × 20 s, zweimal pro Woche",
	},
	HighVerticalOscillation: {
		Title:  "Zu viel Auf und Ab",
		Advice: "Du bewegst dich stark auf und ab und steckst Energie in die Höhe statt in den Vortrieb. Richte den Abdruck nach vorn, nicht nach oben.",
		Cue:    "Groß laufen und nach vorn gleiten",
		Drill:  "Schnelle Füße: 4 × 15 m, flach und schnell, zweimal pro Woche",
	},
	LowVerticalOscillation: {
		Title:  "Schlurfender Laufstil",
		Advice: "Deine Füße heben kaum vom Boden ab, mit wenig Flugphase und wenig Abdruck. Bring mehr Federung in jeden Schritt, indem du aktiv abdrückst.",
		Cue:    "Aktiv abdrücken, leicht federn",
		Drill:  "Hopserlauf auf Höhe: 4 × 20 m, zweimal pro Woche",
	},
	StiffKneeAtContact: {
		Title:  "Gestrecktes Knie bei der Landung",
		Advice: "Dein Knie ist beim Aufsetzen fast gestreckt, sodass der Stoß direkt durchs Bein geht. Lande mit leicht gebeugtem Knie, um die Last abzufedern.",
		Cue:    "Weiche Knie bei der Landung",
		Drill:  "Sprünge mit weicher Landung: 3 × 10, leise und mit gebeugten Knien landen, zweimal pro Woche",
	},
	ExcessiveTrunkLean: {
		Title:  "Vorlage aus der Hüfte",
		Advice: "Du knickst in der Hüfte nach vorn ab. Dadurch wandert das Becken nach hinten und der Abdruck hinter dir wird kürzer. Halte den Oberkörper gerade und neige dich leicht aus den Sprunggelenken.",
		Cue:    "Groß machen, Hüfte nach vorn",
		Drill:  "Dead Bugs: 3 × 10 pro Seite, dreimal pro Woche",
	},
	BackwardTrunkLean: {
		Title:  "Rücklage",
		Advice: "Dein Oberkörper neigt sich nach hinten. So bleibst du hinter deinen Füßen und greifst leicht zu weit nach vorn. Richte dich auf oder neige dich ganz leicht aus den Sprunggelenken nach vorn.",
		Cue:    "Leicht aus den Sprunggelenken nach vorn neigen",
		Drill:  "Fallstarts: 6 × 15 m, zweimal pro Woche",
	},
	LimitedHipExtension: {
		Title:  "Eingeschränkte Hüftstreckung",
		Advice: "Dein Bein streckt sich beim Abdruck kaum nach hinten, das verkürzt den Vortrieb. Häufige Ursachen sind verkürzte Hüftbeuger oder eine schwache Gesäßmuskulatur.",
		Cue:    "Das Bein hinten ausschwingen lassen",
		Drill:  "Hüftbeuger-Dehnung im Kniestand: 3 × 30 s pro Seite, täglich",
	},
	ArmSwing: {
		Title:  "Schwacher Armeinsatz",
		Advice: "Deine Ellbogen sind zu offen und die Arme arbeiten kaum mit, so helfen sie weder Rhythmus noch Gleichgewicht. Halte die Ellbogen etwa im 90°-Winkel und schwinge aus der Schulter vor und zurück.",
		Cue:    "Ellbogen nach hinten, Hände locker",
		Drill:  "Armschwung im Sitzen: 3 × 30 s, zweimal pro Woche",
	},
	ContactAsymmetry: {
		Title:  "Ungleiche Schritte links und rechts",
		Advice: "Deine linken und rechten Schritte unterscheiden sich in Kontaktzeit oder Länge. Ein kleiner Unterschied ist normal; ein großer oder neuer kann auf Schwäche, Steifheit oder eine alte Verletzung hinweisen.",
		Cue:    "Gleichmäßiger Rhythmus, beide Seiten gleich",
		Drill:  "Einbeinsprünge: 3 × 10 pro Bein, mit der schwächeren Seite beginnen, zweimal pro Woche",
	},
	PelvicDrop: {
		Title:  "Absinkendes Becken",
		Advice: "Beim Aufsetzen auf ein Bein sinkt dein Becken auf der anderen Seite ab – ein Zeichen für schwache Hüftabduktoren (mittlerer Gesäßmuskel). Kräftige sie, um Becken und Knie zu stabilisieren.",
		Cue:    "Becken waagerecht halten",
		Drill:  "Seitstütz: 3 × 30 s pro Seite, dreimal pro Woche",
	},
	HipAdduction: {
		Title:  "Oberschenkel zieht zur Mitte",
		Advice: "Dein Oberschenkel zieht in der Stützphase zur Körpermitte, was die Hüftaußenseite und den Tractus iliotibialis belastet. Kräftige die Hüfte und setze die Füße etwas breiter auf.",
		Cue:    "Auf zwei Schienen laufen, nicht auf dem Seil",
		Drill:  "Seitschritte mit Miniband: 3 × 15 Schritte pro Richtung, dreimal pro Woche",
	},
	KneeAdduction: {
		Title:  "Knie knickt nach innen",
		Advice: "Dein Knie fällt in der Stützphase nach innen (dynamischer Valgus), was Vorder- und Innenseite des Knies belastet. Kräftige die Hüfte und übe, das Knie über dem Fuß zu halten.",
		Cue:    "Knie in Linie mit den Zehen",
		Drill:  "Einbeinige Kniebeugen vor dem Spiegel: 3 × 8 pro Bein, dreimal pro Woche",
	},
	Overpronation: {
		Title:  "Überpronation",
		Advice: "Deine Ferse knickt nach der Landung stark nach innen. Etwas Pronation ist normale Dämpfung; bei Schmerzen kräftige Füße und Waden und prüfe deine Schuhe.",
		Cue:    "Leise, leichte Füße",
		Drill:  "Kurzer Fuß: 3 × 10 Wiederholungen, je 5 s halten, täglich",
	},
	Underpronation: {
		Title:  "Unterpronation (Supination)",
		Advice: "Dein Fuß bleibt nach außen gekippt und rollt nach der Landung kaum ein, dämpft also weniger. Verbessere die Beweglichkeit im Sprunggelenk und erwäge einen stärker gedämpften Schuh.",
		Cue:    "Füße locker lassen und abrollen",
		Drill:  "Sprunggelenk-Mobilisation Knie zur Wand: 2 × 10 pro Seite, täglich",
	},
	FrontalAsymmetry: {
		Title:  "Seitenunterschied links/rechts",
		Advice: "Von hinten gesehen bewegen sich deine linke und rechte Seite unterschiedlich, etwa bei der Hüft- oder Kniekontrolle. Trainiere die schwächere Seite mit einbeinigen Übungen und behalte sie bei Schmerzen im Blick.",
		Cue:    "Stabile Hüfte auf beiden Seiten",
		Drill:  "Einbeinstand: 3 × 30 s pro Bein, erst mit offenen, dann mit geschlossenen Augen, täglich",
	},
	GoodForm: {
		Title:  "Gute Lauftechnik",
		Advice: "In deinem Laufstil wurden keine nennenswerten Auffälligkeiten gefunden. Steigere den Umfang weiter behutsam und baue Krafttraining ein, um verletzungsfrei zu bleiben.",
		Cue:    "Locker, aufrecht und leicht",
		Drill:  "Steigerungsläufe: 4–6 × 20 s nach einem lockeren Lauf, ein- bis zweimal pro Woche",
	},
}

var deLabels = map[string]string{
	"rearfoot": "Rückfuß",
	"midfoot":  "Mittelfuß",
	"forefoot": "Vorfuß",
	"stick":    "Stock",
	"bounce":   "Federn",
	"push":     "Abdruck",
	"hop":      "Hüpfen",
	"sit":      "Sitzen",
	"low":      "Gering",
	"moderate": "Mittel",
	"high":     "Hoch",
	"left":     "Links",
	"right":    "Rechts",
}
