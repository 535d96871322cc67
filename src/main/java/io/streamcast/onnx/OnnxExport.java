package io.streamcast.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.streamcast.lstm.LstmModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an {@link LstmModel} as a standard ONNX graph that any ONNX runtime runs with the same results: one ONNX
 * {@code LSTM} operator per layer (opset {@value #OPSET}), each layer's sequence output squeezed into the next
 * layer's input, then the head as {@code MatMul} and {@code Add}.
 *
 * <p>Graph inputs: {@value #INPUT} {@code [steps, batch, inputSize]} and, per layer {@code l},
 * {@code initial_h_l} and {@code initial_c_l} {@code [1, batch, hidden]}. Graph outputs: {@value #OUTPUT}
 * {@code [steps, batch, outputSize]} and per layer {@code final_h_l} and {@code final_c_l}
 * {@code [1, batch, hidden]}, so that a caller can run one step at a time and feed the final state back in.
 *
 * <p>ONNX orders the gates input, output, forget, cell ({@code iofc}) where {@link LstmModel} orders them input,
 * forget, cell, output; it splits the weights into {@code W} (input) and {@code R} (recurrent) matrices stored
 * row-major, and the bias into input and recurrent halves, whose sum is the fused bias (the recurrent half is
 * written as zeros).
 */
public final class OnnxExport {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    static final int OPSET = 17;
    private static final long IR_VERSION = 8;
    /** ONNX gate block {@code b} is {@link LstmModel}'s block {@code OUR_BLOCK[b]}. */
    private static final int[] OUR_BLOCK = {0, 3, 1, 2};

    private OnnxExport() {
    }

    public static String initialH(int layer) {
        return "initial_h_" + layer;
    }

    public static String initialC(int layer) {
        return "initial_c_" + layer;
    }

    public static String finalH(int layer) {
        return "final_h_" + layer;
    }

    public static String finalC(int layer) {
        return "final_c_" + layer;
    }

    public static void write(LstmModel model, Path file) throws IOException {
        Files.write(file, toBytes(model));
    }

    public static byte[] toBytes(LstmModel model) {
        return toProto(model).toByteArray();
    }

    static ModelProto toProto(LstmModel model) {
        int h = model.hiddenSize();
        float[] w = model.weights();
        GraphProto.Builder graph = GraphProto.newBuilder().setName("streamcast_lstm")
                .addInput(tensorInfo(INPUT, "steps", "batch", model.inputSize()))
                .addOutput(tensorInfo(OUTPUT, "steps", "batch", model.outputSize()))
                .addInitializer(int64Tensor("squeeze_axes", 1L));
        String layerInput = INPUT;
        for (int l = 0; l < model.layers(); l++) {
            graph.addInput(stateInfo(initialH(l), h)).addInput(stateInfo(initialC(l), h))
                    .addOutput(stateInfo(finalH(l), h)).addOutput(stateInfo(finalC(l), h))
                    .addInitializer(floatTensor("W_" + l, gateMatrix(model, w, l, 0, model.layerInputSize(l)),
                            1, 4L * h, model.layerInputSize(l)))
                    .addInitializer(floatTensor("R_" + l, gateMatrix(model, w, l, model.layerInputSize(l), h),
                            1, 4L * h, h))
                    .addInitializer(floatTensor("B_" + l, gateBias(model, w, l), 1, 8L * h));
            graph.addNode(NodeProto.newBuilder().setOpType("LSTM").setName("lstm_" + l)
                    .addInput(layerInput).addInput("W_" + l).addInput("R_" + l).addInput("B_" + l).addInput("")
                    .addInput(initialH(l)).addInput(initialC(l))
                    .addOutput("sequence_" + l).addOutput(finalH(l)).addOutput(finalC(l))
                    .addAttribute(AttributeProto.newBuilder().setName("hidden_size")
                            .setType(AttributeProto.AttributeType.INT).setI(h)));
            layerInput = "hidden_" + l;
            graph.addNode(NodeProto.newBuilder().setOpType("Squeeze").setName("squeeze_" + l)
                    .addInput("sequence_" + l).addInput("squeeze_axes").addOutput(layerInput));
        }
        int head = model.headOffset();
        int out = model.outputSize();
        float[] headWeight = new float[h * out];
        System.arraycopy(w, head, headWeight, 0, h * out);
        float[] headBias = new float[out];
        System.arraycopy(w, head + h * out, headBias, 0, out);
        graph.addInitializer(floatTensor("head_weight", headWeight, h, out))
                .addInitializer(floatTensor("head_bias", headBias, out))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("head_matmul")
                        .addInput(layerInput).addInput("head_weight").addOutput("head_product"))
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("head_add")
                        .addInput("head_product").addInput("head_bias").addOutput(OUTPUT));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("streamcast")
                .setDocString("LSTM of " + model.layers() + " layer(s), hidden size " + h + ", input "
                        + model.inputSize() + ", output " + out)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    /** Columns {@code first .. first+count-1} of layer {@code l}'s gate matrix as ONNX's {@code [4H, count]}. */
    private static float[] gateMatrix(LstmModel model, float[] w, int l, int first, int count) {
        int h = model.hiddenSize();
        int g = 4 * h;
        int base = model.layerOffset(l);
        float[] matrix = new float[g * count];
        for (int b = 0; b < 4; b++) {
            for (int k = 0; k < h; k++) {
                int ourRow = OUR_BLOCK[b] * h + k;
                for (int j = 0; j < count; j++) {
                    matrix[(b * h + k) * count + j] = w[base + (first + j) * g + ourRow];
                }
            }
        }
        return matrix;
    }

    private static float[] gateBias(LstmModel model, float[] w, int l) {
        int h = model.hiddenSize();
        int bias = model.biasOffset(l);
        float[] onnx = new float[8 * h];
        for (int b = 0; b < 4; b++) {
            System.arraycopy(w, bias + OUR_BLOCK[b] * h, onnx, b * h, h);
        }
        return onnx;
    }

    private static TensorProto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    private static TensorProto int64Tensor(String name, long value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(1).addInt64Data(value).build();
    }

    private static ValueInfoProto tensorInfo(String name, String steps, String batch, int size) {
        return valueInfo(name, TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(steps))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(size)));
    }

    private static ValueInfoProto stateInfo(String name, int hidden) {
        return valueInfo(name, TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(hidden)));
    }

    private static ValueInfoProto valueInfo(String name, TensorShapeProto.Builder shape) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
