using BenchmarkDotNet.Attributes;
using Backprop.Lang.Layers;
using Backprop.Lang.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Backprop.Benchmarks;

/// <summary>
/// A training step of the book's two-layer net (784-50-10, batch 100: ch. 5.7's TwoLayerNet) and of DeZero's spiral
/// net (2-10-3 with a sigmoid hidden layer, batches 30 and 300: step 49), each as the tensor layers run it: forward,
/// backward to every parameter, and W -= lr·dW. The same steps in numpy and PyTorch are bench/tensor/bench.py; the
/// figures side by side are bench/tensor/results.md. Run with <c>--filter '*Tensor*'</c>.
/// </summary>
[Config(typeof(BenchConfig))]
public class TensorBenchmarks
{
    private Net _book = null!;
    private Net _spiral30 = null!;
    private Net _spiral300 = null!;
    private double[] _x = null!, _w = null!, _dout = null!, _product = null!, _dx = null!, _dw = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        // The book's data is MNIST: pixels in [0, 1], one-hot labels. Its weights start as 0.01·N(0, 1), biases 0.
        _book = new Net(random, ElementwiseLayer.Of(ReluLayer.Instance), batch: 100, inputs: 784, hidden: 50, classes: 10,
            weightScale: (_, _) => 0.01, oneHot: true, learningRate: 0.1, input: r => r.NextDouble());
        // The spiral is points in [-1, 1]² with class indices; DeZero's Linear starts at N(0, 1)·sqrt(1/inputs).
        _spiral30 = Spiral(random, 30);
        _spiral300 = Spiral(random, 300);

        _x = _book.X.Data;
        _w = _book.W1.Data;
        _dout = new double[100 * 50];
        for (int i = 0; i < _dout.Length; i++) _dout[i] = random.NextDouble() - 0.5;
        _product = new double[100 * 50];
        _dx = new double[100 * 784];
        _dw = new double[784 * 50];
    }

    private static Net Spiral(Random random, int batch) =>
        new(random, ElementwiseLayer.Of(SigmoidLayer.Instance), batch, inputs: 2, hidden: 10, classes: 3,
            weightScale: (inputs, _) => Math.Sqrt(1.0 / inputs), oneHot: false, learningRate: 1.0,
            input: r => r.NextDouble() * 2 - 1);

    [Benchmark]
    public double TwoLayerNetStep() => _book.Step();

    [Benchmark]
    public double SpiralStep30() => _spiral30.Step();

    [Benchmark]
    public double SpiralStep300() => _spiral300.Step();

    /// <summary>The first layer's product, X (100×784) · W1 (784×50).</summary>
    [Benchmark]
    public double[] MatMul100x784x50()
    {
        MatrixProduct.Multiply(_x, _w, _product, 100, 784, 50);
        return _product;
    }

    /// <summary>Its backward to X: dout (100×50) · W1ᵀ.</summary>
    [Benchmark]
    public double[] MatMulDoutW1T()
    {
        MatrixProduct.Multiply(_dout, _w, _dx, 100, 50, 784, transposeB: true);
        return _dx;
    }

    /// <summary>Its backward to W1: Xᵀ · dout (784×100 · 100×50).</summary>
    [Benchmark]
    public double[] MatMulXTDout()
    {
        MatrixProduct.Multiply(_x, _dout, _dw, 784, 100, 50, transposeA: true);
        return _dw;
    }

    /// <summary>Affine, activation, Affine, Softmax-with-Loss on one fixed batch, and its four parameters.</summary>
    private sealed class Net
    {
        private readonly TensorLayer _activation;
        private readonly double _learningRate;
        private readonly Tensor _t;
        private readonly Tensor[] _grads = new Tensor[3];

        public Net(Random random, TensorLayer activation, int batch, int inputs, int hidden, int classes,
            Func<int, int, double> weightScale, bool oneHot, double learningRate, Func<Random, double> input)
        {
            _activation = activation;
            _learningRate = learningRate;
            X = Matrix(random, batch, inputs, input);
            W1 = Matrix(random, inputs, hidden, r => Gaussian(r) * weightScale(inputs, hidden));
            B1 = Tensor.Zeros([hidden]);
            W2 = Matrix(random, hidden, classes, r => Gaussian(r) * weightScale(hidden, classes));
            B2 = Tensor.Zeros([classes]);
            var labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = random.Next(classes);
            _t = oneHot ? OneHot(labels, classes) : new Tensor([batch], labels.Select(c => (double)c).ToArray());
        }

        public Tensor X { get; }
        public Tensor W1 { get; }
        public Tensor B1 { get; }
        public Tensor W2 { get; }
        public Tensor B2 { get; }

        /// <summary>One step of gradient descent on the batch; returns the loss before the step.</summary>
        public double Step()
        {
            var affine = AffineLayer.Instance;
            var loss = SoftmaxWithLossLayer.Instance;
            var h1 = affine.Forward([X, W1, B1]);
            var a1 = _activation.Forward([h1]);
            var h2 = affine.Forward([a1, W2, B2]);
            var l = loss.Forward([h2, _t]);

            loss.Backward(Tensor.Scalar(1), [h2, _t], l, _grads);
            var dh2 = _grads[0];
            affine.Backward(dh2, [a1, W2, B2], h2, _grads);
            var (da1, dW2, db2) = (_grads[0], _grads[1], _grads[2]);
            _activation.Backward(da1, [h1], a1, _grads);
            var dh1 = _grads[0];
            affine.Backward(dh1, [X, W1, B1], h1, _grads);
            var (dW1, db1) = (_grads[1], _grads[2]);

            Descend(W1, dW1);
            Descend(B1, db1);
            Descend(W2, dW2);
            Descend(B2, db2);
            return l.Data[0];
        }

        private void Descend(Tensor parameter, Tensor gradient) =>
            TensorPrimitives.MultiplyAdd(gradient.Data, -_learningRate, parameter.Data, parameter.Data);

        private static Tensor Matrix(Random random, int rows, int columns, Func<Random, double> element)
        {
            var data = new double[rows * columns];
            for (int i = 0; i < data.Length; i++) data[i] = element(random);
            return new Tensor([rows, columns], data);
        }

        private static Tensor OneHot(int[] labels, int classes)
        {
            var data = new double[labels.Length * classes];
            for (int i = 0; i < labels.Length; i++) data[i * classes + labels[i]] = 1;
            return new Tensor([labels.Length, classes], data);
        }

        // Box–Muller: N(0, 1) from two uniforms.
        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
