package advice

// Portuguese: "você", as in Brazilian running apps.
var ptMessages = map[Key]Message{
	Overstride: {
		Title:  "Passada longa demais",
		Advice: "Seu pé aterrissa bem à frente do quadril, o que freia cada passada e sobrecarrega o joelho. Encurte um pouco a passada e apoie o pé mais perto, sob o corpo.",
		Cue:    "Pise com o pé sob o quadril",
		Drill:  "Educativos na parede: 3 × 20 s, duas vezes por semana",
	},
	LowCadence: {
		Title:  "Cadência baixa",
		Advice: "Sua cadência está baixa para um ritmo leve, o que costuma vir com passadas longas e pesadas. Aumente aos poucos, de 5 a 10%, e não de uma vez.",
		Cue:    "Passos rápidos e leves",
		Drill:  "Corrida com metrônomo a +5% de cadência: 3 × 3 min dentro de um treino leve, duas vezes por semana",
	},
	HighCadence: {
		Title:  "Cadência muito alta",
		Advice: "Seus passos estão muito curtos e picados para essa velocidade, e você gasta energia sem avançar. Deixe a passada abrir um pouco, empurrando para trás a partir do quadril.",
		Cue:    "Empurre o chão para trás",
		Drill:  "Acelerações: 6 × 20 s, soltas e amplas, recuperação completa, duas vezes por semana",
	},
	LongGroundContact: {
		Title:  "Contato longo com o solo",
		Advice: "Seu pé fica muito tempo no chão para a sua velocidade, desperdiçando energia elástica. Trabalhe um contato mais rápido e reativo.",
		Cue:    "O chão está quente: saia rápido dele",
		Drill:  "Saltos pogo: 3 × 20 contatos, duas vezes por semana",
	},
	HeelStrike: {
		Title:  "Pisada forte de calcanhar",
		Advice: "Você aterrissa com força no calcanhar, com o pé muito à frente do corpo. Pisar de calcanhar não é um problema em si; o problema é o pé tão à frente. Aproxime o apoio do corpo.",
		Cue:    "Aterrisse suave, sob o corpo",
		Drill:  "Acelerações descalço na grama: 4 × 20 s, duas vezes por semana",
	},
	HighVerticalOscillation: {
		Title:  "Oscilação vertical excessiva",
		Advice: "Você sobe e desce muito e gasta energia para subir em vez de avançar. Direcione o impulso para a frente, não para cima.",
		Cue:    "Corra alto e deslize para a frente",
		Drill:  "Pés rápidos: 4 × 15 m, baixo e rápido, duas vezes por semana",
	},
	LowVerticalOscillation: {
		Title:  "Passada arrastada",
		Advice: "Seus pés mal saem do chão, com pouca fase de voo e pouco impulso. Dê mais elasticidade a cada passada empurrando o chão ativamente.",
		Cue:    "Empurre e quique de leve",
		Drill:  "Skip com impulsão vertical: 4 × 20 m, duas vezes por semana",
	},
	StiffKneeAtContact: {
		Title:  "Joelho rígido na aterrissagem",
		Advice: "Seu joelho está quase estendido quando o pé toca o chão, e o impacto sobe direto pela perna. Aterrisse com o joelho levemente flexionado para absorver a carga.",
		Cue:    "Joelhos macios na aterrissagem",
		Drill:  "Saltos com aterrissagem suave: 3 × 10, aterrisse em silêncio com os joelhos flexionados, duas vezes por semana",
	},
	ExcessiveTrunkLean: {
		Title:  "Tronco dobrado na cintura",
		Advice: "Você se inclina para a frente pela cintura, o que joga o quadril para trás e limita o impulso atrás de você. Mantenha o tronco reto e incline-se levemente a partir dos tornozelos.",
		Cue:    "Cresça, quadril para a frente",
		Drill:  "Dead bug: 3 × 10 por lado, três vezes por semana",
	},
	BackwardTrunkLean: {
		Title:  "Tronco inclinado para trás",
		Advice: "Seu tronco inclina para trás, deixando você atrás dos pés e favorecendo a passada longa demais. Fique ereto ou incline-se muito levemente para a frente a partir dos tornozelos.",
		Cue:    "Incline-se levemente para a frente a partir dos tornozelos",
		Drill:  "Saídas em queda: 6 × 15 m, duas vezes por semana",
	},
	LimitedHipExtension: {
		Title:  "Extensão de quadril limitada",
		Advice: "Sua perna se estende pouco para trás na saída do pé, o que encurta o impulso. Flexores do quadril encurtados ou glúteos fracos são causas comuns.",
		Cue:    "Deixe a perna terminar atrás",
		Drill:  "Alongamento de flexores do quadril ajoelhado: 3 × 30 s por lado, todos os dias",
	},
	ArmSwing: {
		Title:  "Braços pouco ativos",
		Advice: "Seus cotovelos estão abertos demais e os braços trabalham pouco, sem ajudar no ritmo nem no equilíbrio. Mantenha os cotovelos em cerca de 90° e balance a partir dos ombros, para a frente e para trás.",
		Cue:    "Cotovelos para trás, mãos soltas",
		Drill:  "Balanço de braços sentado: 3 × 30 s, duas vezes por semana",
	},
	ContactAsymmetry: {
		Title:  "Passos desiguais entre os lados",
		Advice: "Seus passos esquerdo e direito diferem em tempo de contato ou comprimento. Uma pequena diferença é normal; uma diferença grande ou recente pode indicar fraqueza, rigidez ou uma lesão antiga.",
		Cue:    "Ritmo regular, os dois lados iguais",
		Drill:  "Saltos unipodais: 3 × 10 por perna, começando pelo lado mais fraco, duas vezes por semana",
	},
	PelvicDrop: {
		Title:  "Queda da pelve",
		Advice: "Quando você apoia uma perna, a pelve cai do lado oposto, sinal de abdutores do quadril (glúteo médio) fracos. Fortalecê-los estabiliza a pelve e o joelho.",
		Cue:    "Mantenha a pelve nivelada",
		Drill:  "Prancha lateral: 3 × 30 s por lado, três vezes por semana",
	},
	HipAdduction: {
		Title:  "Coxa cruzando para dentro",
		Advice: "Sua coxa se aproxima da linha média durante o apoio, sobrecarregando a lateral do quadril e a banda iliotibial. Fortaleça o quadril e apoie os pés um pouco mais afastados.",
		Cue:    "Corra sobre dois trilhos, não numa corda bamba",
		Drill:  "Caminhada lateral com miniband: 3 × 15 passos para cada lado, três vezes por semana",
	},
	KneeAdduction: {
		Title:  "Joelho para dentro",
		Advice: "Seu joelho cai para dentro durante o apoio (valgo dinâmico), o que sobrecarrega a frente e a parte interna do joelho. Fortaleça o quadril e treine manter o joelho alinhado com o pé.",
		Cue:    "Joelho alinhado com os dedos do pé",
		Drill:  "Agachamento unipodal em frente ao espelho: 3 × 8 por perna, três vezes por semana",
	},
	Overpronation: {
		Title:  "Hiperpronação",
		Advice: "Seu calcanhar gira bastante para dentro após a aterrissagem. Alguma pronação é amortecimento normal; se houver dor, fortaleça pés e panturrilhas e verifique seu tênis.",
		Cue:    "Pés leves e silenciosos",
		Drill:  "Exercício do pé curto: 3 × 10 sustentações de 5 s, todos os dias",
	},
	Underpronation: {
		Title:  "Supinação (pronação insuficiente)",
		Advice: "Seu pé continua inclinado para fora e quase não rola para dentro após a aterrissagem, então amortece menos. Melhore a mobilidade do tornozelo e considere um tênis com mais amortecimento.",
		Cue:    "Relaxe os pés e deixe-os se acomodar",
		Drill:  "Mobilidade de tornozelo com joelho na parede: 2 × 10 por lado, todos os dias",
	},
	FrontalAsymmetry: {
		Title:  "Assimetria esquerda/direita",
		Advice: "Visto de trás, seu lado esquerdo e o direito se movem de forma diferente, por exemplo no controle do quadril ou do joelho. Fortaleça o lado mais fraco com exercícios unipodais e fique atento se houver dor.",
		Cue:    "Quadril estável dos dois lados",
		Drill:  "Equilíbrio numa perna só: 3 × 30 s por perna, olhos abertos e depois fechados, todos os dias",
	},
	GoodForm: {
		Title:  "Boa técnica",
		Advice: "Não foram encontrados problemas relevantes na sua forma de correr. Continue aumentando o volume aos poucos e inclua treino de força para evitar lesões.",
		Cue:    "Solto, alto e leve",
		Drill:  "Acelerações: 4–6 × 20 s após um treino leve, uma ou duas vezes por semana",
	},
}

var ptLabels = map[string]string{
	"rearfoot": "Retropé",
	"midfoot":  "Mediopé",
	"forefoot": "Antepé",
	"stick":    "Bastão",
	"bounce":   "Quique",
	"push":     "Impulso",
	"hop":      "Saltito",
	"sit":      "Sentado",
	"low":      "Baixa",
	"moderate": "Moderada",
	"high":     "Alta",
	"left":     "Esquerdo",
	"right":    "Direito",
}
