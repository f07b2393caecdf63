package advice

// Italian: "tu", as in Italian running apps.
var itMessages = map[Key]Message{
	Overstride: {
		Title:  "Falcata troppo lunga",
		Advice: "Il piede atterra molto davanti all'anca: ogni passo frena e carica il ginocchio. Accorcia leggermente la falcata e appoggia il piede più vicino, sotto il corpo.",
		Cue:    "Appoggia il piede sotto le anche",
		Drill:  "Esercizi al muro: 3 × 20 s, due volte a settimana",
	},
	LowCadence: {
		Title:  "Cadenza bassa",
		Advice: "La tua cadenza è bassa per un ritmo lento, e spesso va insieme a passi lunghi e pesanti. Aumentala gradualmente del 5–10%, non tutto in una volta.",
		Cue:    "Passi rapidi e leggeri",
		Drill:  "Corsa con metronomo a +5% di cadenza: 3 × 3 min durante una corsa lenta, due volte a settimana",
	},
	HighCadence: {
		Title:  "Cadenza molto alta",
		Advice: "I tuoi passi sono molto corti e frammentati per questa velocità: spendi energia senza avanzare. Lascia che la falcata si allunghi un po' spingendo indietro dall'anca.",
		Cue:    "Spingi il terreno dietro di te",
		Drill:  "Allunghi: 6 × 20 s, sciolti e ampi, recupero completo, due volte a settimana",
	},
	LongGroundContact: {
		Title:  "Contatto col suolo lungo",
		Advice: "Il piede resta a terra a lungo per la tua velocità, sprecando energia elastica. Lavora su un appoggio più rapido e reattivo.",
		Cue:    "Il suolo scotta: staccati in fretta",
		Drill:  "Balzi pogo: 3 × 20 appoggi, due volte a settimana",
	},
	HeelStrike: {
		Title:  "Appoggio di tallone marcato",
		Advice: "Atterri con forza sul tallone con il piede molto avanti. Appoggiare di tallone non è un problema di per sé; lo è allungare così tanto il piede. Avvicina l'appoggio al corpo.",
		Cue:    "Atterra morbido, sotto il corpo",
		Drill:  "Allunghi a piedi nudi sull'erba: 4 × 20 s, due volte a settimana",
	},
	HighVerticalOscillation: {
		Title:  "Troppo rimbalzo",
		Advice: "Sali e scendi molto e spendi energia per salire invece che per avanzare. Dirigi la spinta in avanti, non verso l'alto.",
		Cue:    "Corri alto e scivola in avanti",
		Drill:  "Piedi veloci: 4 × 15 m, bassi e rapidi, due volte a settimana",
	},
	LowVerticalOscillation: {
		Title:  "Corsa strisciata",
		Advice: "I tuoi piedi si staccano appena da terra, con poca fase di volo e poca spinta. Aggiungi elasticità a ogni passo spingendo in modo attivo.",
		Cue:    "Spingi e rimbalza leggermente",
		Drill:  "Skip in elevazione: 4 × 20 m, due volte a settimana",
	},
	StiffKneeAtContact: {
		Title:  "Ginocchio rigido all'appoggio",
		Advice: "Il ginocchio è quasi teso quando il piede tocca terra, così l'impatto risale dritto lungo la gamba. Atterra con il ginocchio leggermente flesso per assorbire il carico.",
		Cue:    "Ginocchia morbide all'atterraggio",
		Drill:  "Saltelli con atterraggio morbido: 3 × 10, atterra in silenzio a ginocchia flesse, due volte a settimana",
	},
	ExcessiveTrunkLean: {
		Title:  "Busto piegato in avanti",
		Advice: "Ti pieghi in avanti dalla vita: il bacino va indietro e la spinta dietro di te si riduce. Tieni il busto dritto e inclinati leggermente dalle caviglie.",
		Cue:    "Alto, bacino avanti",
		Drill:  "Dead bug: 3 × 10 per lato, tre volte a settimana",
	},
	BackwardTrunkLean: {
		Title:  "Busto all'indietro",
		Advice: "Il tuo busto è inclinato all'indietro: resti dietro ai piedi e tendi ad allungare troppo la falcata. Raddrizzati o inclinati leggermente in avanti dalle caviglie.",
		Cue:    "Inclinati appena in avanti dalle caviglie",
		Drill:  "Partenze in caduta: 6 × 15 m, due volte a settimana",
	},
	LimitedHipExtension: {
		Title:  "Estensione dell'anca limitata",
		Advice: "La gamba si estende poco dietro di te allo stacco del piede, accorciando la spinta. Cause frequenti sono flessori dell'anca rigidi o glutei deboli.",
		Cue:    "Lascia che la gamba finisca dietro",
		Drill:  "Allungamento dei flessori dell'anca in ginocchio: 3 × 30 s per lato, ogni giorno",
	},
	ArmSwing: {
		Title:  "Azione delle braccia debole",
		Advice: "I gomiti sono troppo aperti e le braccia lavorano poco, quindi non aiutano né il ritmo né l'equilibrio. Tieni i gomiti a circa 90° e oscilla dalle spalle, avanti e indietro.",
		Cue:    "Gomiti indietro, mani rilassate",
		Drill:  "Oscillazioni delle braccia da seduto: 3 × 30 s, due volte a settimana",
	},
	ContactAsymmetry: {
		Title:  "Passi diversi tra i due lati",
		Advice: "I passi sinistro e destro differiscono per tempo di contatto o lunghezza. Una piccola differenza è normale; una grande o recente può indicare debolezza, rigidità o un vecchio infortunio.",
		Cue:    "Ritmo regolare, entrambi i lati uguali",
		Drill:  "Balzi su una gamba: 3 × 10 per gamba, iniziando dal lato più debole, due volte a settimana",
	},
	PelvicDrop: {
		Title:  "Caduta del bacino",
		Advice: "Quando appoggi una gamba, il bacino si abbassa dal lato opposto, segno di abduttori dell'anca (medio gluteo) deboli. Rinforzarli stabilizza bacino e ginocchio.",
		Cue:    "Tieni il bacino in bolla",
		Drill:  "Plank laterale: 3 × 30 s per lato, tre volte a settimana",
	},
	HipAdduction: {
		Title:  "Coscia che incrocia verso l'interno",
		Advice: "La coscia si avvicina alla linea mediana durante l'appoggio, caricando l'esterno dell'anca e la bandelletta ileotibiale. Rinforza le anche e appoggia i piedi un po' più distanti.",
		Cue:    "Corri su due binari, non su un filo",
		Drill:  "Passi laterali con miniband: 3 × 15 passi per lato, tre volte a settimana",
	},
	KneeAdduction: {
		Title:  "Ginocchio che cede verso l'interno",
		Advice: "Il ginocchio cede verso l'interno durante l'appoggio (valgo dinamico), caricando la parte anteriore e interna del ginocchio. Rinforza le anche ed esercitati a tenere il ginocchio allineato al piede.",
		Cue:    "Ginocchio in linea con le dita del piede",
		Drill:  "Squat su una gamba davanti allo specchio: 3 × 8 per gamba, tre volte a settimana",
	},
	Overpronation: {
		Title:  "Iperpronazione",
		Advice: "Il tallone ruota molto verso l'interno dopo l'atterraggio. Un po' di pronazione è un normale ammortizzamento; se senti dolore, rinforza piedi e polpacci e controlla le scarpe.",
		Cue:    "Piedi leggeri e silenziosi",
		Drill:  "Esercizio del piede corto: 3 × 10 tenute da 5 s, ogni giorno",
	},
	Underpronation: {
		Title:  "Supinazione (pronazione insufficiente)",
		Advice: "Il piede resta inclinato verso l'esterno e rulla poco verso l'interno dopo l'atterraggio, quindi ammortizza meno. Migliora la mobilità della caviglia e valuta una scarpa più ammortizzata.",
		Cue:    "Rilassa i piedi e lasciali appoggiare",
		Drill:  "Mobilità della caviglia con ginocchio al muro: 2 × 10 per lato, ogni giorno",
	},
	FrontalAsymmetry: {
		Title:  "Asimmetria sinistra/destra",
		Advice: "Visti da dietro, il lato sinistro e quello destro si muovono in modo diverso, per esempio nel controllo dell'anca o del ginocchio. Rinforza il lato più debole con esercizi su una gamba e tienilo d'occhio se hai dolore.",
		Cue:    "Anche stabili su entrambi i lati",
		Drill:  "Equilibrio su una gamba: 3 × 30 s per gamba, a occhi aperti e poi chiusi, ogni giorno",
	},
	GoodForm: {
		Title:  "Buona tecnica",
		Advice: "Non sono stati rilevati problemi di rilievo nella tua corsa. Continua ad aumentare il volume gradualmente e inserisci lavoro di forza per prevenire gli infortuni.",
		Cue:    "Sciolto, alto e leggero",
		Drill:  "Allunghi: 4–6 × 20 s dopo una corsa lenta, una o due volte a settimana",
	},
}

var itLabels = map[string]string{
	"rearfoot": "Retropiede",
	"midfoot":  "Mesopiede",
	"forefoot": "Avampiede",
	"stick":    "Bastone",
	"bounce":   "Rimbalzo",
	"push":     "Spinta",
	"hop":      "Saltello",
	"sit":      "Seduto",
	"low":      "Bassa",
	"moderate": "Moderata",
	"high":     "Alta",
	"left":     "Sinistro",
	"right":    "Destro",
}
