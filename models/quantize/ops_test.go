package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

// TestOpCounts (set MOTIONLAB_Q_OPS to a model): prints its op histogram,
// e.g. of ONNX Runtime's optimized graph, to see what it fused.
func TestOpCounts(t *testing.T) {
	p := os.Getenv("MOTIONLAB_Q_OPS")
	if p == "" {
		t.Skip("MOTIONLAB_Q_OPS not set")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m onnx.ModelProto
	if err := proto.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	cnt := map[string]int{}
	for _, n := range m.Graph.Node {
		cnt[n.Domain+":"+n.OpType]++
	}
	fmt.Println(cnt)
}
