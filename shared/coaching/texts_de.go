package coaching

import "motionlab/shared/advice"

var deTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Zu weit ausgreifende Schritte",
		Advice: "Dein Fuß landet weit vor der Hüfte, und auch Schrittfrequenz, Kniebeugung bei der Landung oder Hüftstreckung liegen außerhalb des Ziels: Jede Landung bremst, und der Stoß trifft ein gestrecktes Bein. Mach etwas schnellere, kürzere Schritte und setze den Fuß näher unter dem Körper auf.",
		Cue:    "Schnelle Füße, Landung unter der Hüfte",
		Drill:  "Skippings (A-Skips): 3 × 20 m, danach Laufen nach Metronom mit +5 % Frequenz 3 × 2 min, zweimal pro Woche",
	},
	HeavyHeelStrike: {
		Title:  "Harter Fersenaufsatz",
		Advice: "Du landest auf der Ferse, mit dem Fuß weit vorn und fast gestrecktem Knie: Der Landestoß ist hart. Fersenlandung an sich ist kein Problem, wohl aber die Landung mit gestrecktem Bein weit vor dem Körper. Beuge das Knie leicht und lande näher am Körper.",
		Cue:    "Weiches Knie, leise Füße",
		Drill:  "Barfuß-Steigerungen auf Rasen: 4 × 20 s mit leisen Landungen, zweimal pro Woche",
	},
	Bouncing: {
		Title:  "Hüpfender Laufstil",
		Advice: "Du bewegst dich für deine Beinlänge stark auf und ab und machst wenige Schritte pro Minute: Viel Kraft hebt dich an, statt dich vorwärts zu bringen. Richte den Abdruck nach vorn und erhöhe die Schrittfrequenz etwas.",
		Cue:    "Flach und vorwärts laufen, nicht nach oben",
		Drill:  "Schnelle Schritte: 4 × 15 m, danach 3 × 2 min mit +5 % Frequenz, zweimal pro Woche",
	},
	SinkingMidstance: {
		Title:  "Einsinken in der Stützphase",
		Advice: "Dein Knie beugt sich am Boden stark, zusammen mit starker Vorlage oder langem Bodenkontakt: Du sackst in jeden Schritt ein und verlierst Federung. Bleib groß über einem festeren, federnden Bein.",
		Cue:    "Hohe Hüfte, feste Federn",
		Drill:  "Einbeinige Pogo-Sprünge: 3 × 15 pro Bein, danach Wandsitzen 3 × 30 s, zweimal pro Woche",
	},
	CrossoverGait: {
		Title:  "Überkreuzende Schritte",
		Advice: "Von hinten gesehen landen deine Füße auf oder jenseits der Körpermitte, wie auf einem Seil. Das belastet die Außenseite von Schienbein und Hüfte. Setze jeden Fuß unter seiner eigenen Hüfte auf.",
		Cue:    "Auf zwei Schienen laufen, nicht auf einer",
		Drill:  "Laufen beidseits einer Linie: 4 × 30 s, danach seitliches Beinheben 3 × 15 pro Seite, dreimal pro Woche",
	},
	LateralSway: {
		Title:  "Seitliches Schwanken",
		Advice: "Rumpf oder Kopf pendeln bei jedem Schritt zur Seite. Das kostet Energie und zeigt oft, dass Hüfte und Rumpf das Becken nicht stabil halten. Halte den Kopf ruhig und den Rumpf still über dem Standbein.",
		Cue:    "Kopf ruhig, Blick waagerecht",
		Drill:  "Seitstütz: 3 × 30 s pro Seite, danach Einbeinstand mit geschlossenen Augen 3 × 30 s, dreimal pro Woche",
	},
	AsymmetryKey: {
		Title:  "Links-rechts-Ungleichgewicht",
		Advice: "Eine Seite bewegt sich bei diesem Wert deutlich anders als die andere. Kleine Unterschiede sind normal; große können von einer alten Verletzung, Schwäche oder Steifheit einer Seite kommen. Kräftige die schwächere Seite und miss in ein paar Wochen erneut.",
		Cue:    "Gleichmäßiger Rhythmus, beide Seiten gleich",
		Drill:  "Einbeiniges Absteigen von einer Stufe: 3 × 10 pro Bein, schwächere Seite zuerst, dreimal pro Woche",
	},
}
