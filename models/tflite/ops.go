package tflite

import "fmt"

// BuiltinOp is schema.fbs's BuiltinOperator enum (the codes the converter
// knows by name; any other prints as its number).
type BuiltinOp int32

const (
	OpAdd             BuiltinOp = 0
	OpAveragePool2D   BuiltinOp = 1
	OpConcatenation   BuiltinOp = 2
	OpConv2D          BuiltinOp = 3
	OpDepthwiseConv2D BuiltinOp = 4
	OpDepthToSpace    BuiltinOp = 5
	OpDequantize      BuiltinOp = 6
	OpFullyConnected  BuiltinOp = 9
	OpLogistic        BuiltinOp = 14
	OpMaxPool2D       BuiltinOp = 17
	OpMul             BuiltinOp = 18
	OpRelu            BuiltinOp = 19
	OpRelu6           BuiltinOp = 21
	OpReshape         BuiltinOp = 22
	OpResizeBilinear  BuiltinOp = 23
	OpSoftmax         BuiltinOp = 25
	OpTanh            BuiltinOp = 28
	OpCustom          BuiltinOp = 32
	OpPad             BuiltinOp = 34
	OpTranspose       BuiltinOp = 39
	OpMean            BuiltinOp = 40
	OpSub             BuiltinOp = 41
	OpDiv             BuiltinOp = 42
	OpResizeNearest   BuiltinOp = 97
	OpPRelu           BuiltinOp = 54
	OpDensify         BuiltinOp = 124
)

var opNames = map[BuiltinOp]string{
	OpAdd: "ADD", OpAveragePool2D: "AVERAGE_POOL_2D", OpConcatenation: "CONCATENATION",
	OpConv2D: "CONV_2D", OpDepthwiseConv2D: "DEPTHWISE_CONV_2D", OpDepthToSpace: "DEPTH_TO_SPACE",
	OpDequantize: "DEQUANTIZE", OpFullyConnected: "FULLY_CONNECTED", OpLogistic: "LOGISTIC",
	OpMaxPool2D: "MAX_POOL_2D", OpMul: "MUL", OpRelu: "RELU", OpRelu6: "RELU6",
	OpReshape: "RESHAPE", OpResizeBilinear: "RESIZE_BILINEAR", OpSoftmax: "SOFTMAX",
	OpTanh: "TANH", OpCustom: "CUSTOM", OpPad: "PAD", OpTranspose: "TRANSPOSE", OpMean: "MEAN",
	OpSub: "SUB", OpDiv: "DIV", OpResizeNearest: "RESIZE_NEAREST_NEIGHBOR", OpPRelu: "PRELU",
	OpDensify: "DENSIFY",
}

func (b BuiltinOp) String() string {
	if n, ok := opNames[b]; ok {
		return n
	}
	return fmt.Sprintf("BUILTIN_OP_%d", int32(b))
}

// Fused activation functions (schema.fbs ActivationFunctionType).
const (
	ActNone  = 0
	ActRelu  = 1
	ActRelu6 = 3
)

// Padding (schema.fbs Padding).
const (
	PadSame  = 0
	PadValid = 1
)
