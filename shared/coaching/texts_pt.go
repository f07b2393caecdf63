package coaching

import "motionlab/shared/advice"

var ptTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Passada longa demais",
		Advice: "Seu pé aterrissa muito à frente do quadril, e a cadência, a flexão do joelho na aterrissagem ou a extensão do quadril também estão fora do alvo: cada apoio freia você e o impacto chega a uma perna esticada. Dê passos um pouco mais rápidos e curtos e apoie o pé mais perto, sob o corpo.",
		Cue:    "Pés rápidos, aterrisse sob o quadril",
		Drill:  "Skipping A: 3 × 20 m, depois corrida com metrônomo a +5% de cadência 3 × 2 min, duas vezes por semana",
	},
	HeavyHeelStrike: {
		Title:  "Calcanhar pesado",
		Advice: "Você aterrissa no calcanhar com o pé muito à frente e o joelho quase esticado, então o impacto é seco. Aterrissar no calcanhar não é problema; aterrissar com a perna esticada lá na frente é. Flexione um pouco o joelho e traga o apoio para mais perto.",
		Cue:    "Joelho macio, pés silenciosos",
		Drill:  "Tiros descalço na grama: 4 × 20 s buscando apoios silenciosos, duas vezes por semana",
	},
	Bouncing: {
		Title:  "Corrida saltitante",
		Advice: "Você sobe e desce muito para o comprimento das suas pernas e dá poucos passos por minuto: boa parte do esforço levanta você em vez de levá-lo para a frente. Direcione o impulso para a frente e aumente um pouco a cadência.",
		Cue:    "Corra baixo e para a frente, não para cima",
		Drill:  "Passos rápidos: 4 × 15 m, depois 3 × 2 min a +5% de cadência, duas vezes por semana",
	},
	SinkingMidstance: {
		Title:  "Afundando no apoio",
		Advice: "Seu joelho dobra muito enquanto você está no chão, junto com forte inclinação à frente ou contato longo: você senta em cada passo e perde a mola. Fique alto sobre uma perna mais firme e elástica.",
		Cue:    "Quadril alto, molas firmes",
		Drill:  "Saltos pogo em uma perna: 3 × 15 por perna, depois agachamento isométrico na parede 3 × 30 s, duas vezes por semana",
	},
	CrossoverGait: {
		Title:  "Passada cruzada",
		Advice: "Vistos de trás, seus pés aterrissam sobre a linha média do corpo ou além dela, como numa corda bamba. Isso sobrecarrega a parte externa da canela e do quadril. Procure apoiar cada pé sob o próprio quadril.",
		Cue:    "Corra em dois trilhos, não em um",
		Drill:  "Corrida dos dois lados de uma linha: 4 × 30 s, depois elevação lateral de perna 3 × 15 por lado, três vezes por semana",
	},
	LateralSway: {
		Title:  "Balanço lateral",
		Advice: "Seu tronco ou sua cabeça balança de um lado para o outro a cada passo, o que gasta energia e muitas vezes indica que quadril e tronco não estabilizam a pelve. Mantenha a cabeça parada e o tronco estável sobre a perna de apoio.",
		Cue:    "Cabeça parada, olhar no horizonte",
		Drill:  "Prancha lateral: 3 × 30 s por lado, depois equilíbrio em uma perna de olhos fechados 3 × 30 s, três vezes por semana",
	},
	AsymmetryKey: {
		Title:  "Desequilíbrio esquerda/direita",
		Advice: "Um lado se move de forma claramente diferente do outro nesta medida. Uma diferença pequena é normal; uma grande pode vir de lesão antiga, fraqueza ou rigidez de um lado. Fortaleça o lado mais fraco e meça de novo em algumas semanas.",
		Cue:    "Ritmo uniforme, os dois lados iguais",
		Drill:  "Descida de degrau em uma perna: 3 × 10 por perna, lado fraco primeiro, três vezes por semana",
	},
}
