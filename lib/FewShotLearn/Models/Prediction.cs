namespace FewShotLearn.Models;

/// <summary>One class's score for an image: the model's log-probability and its probability exp(log p).</summary>
public sealed record ClassScore(string Class, double LogProbability, double Probability);

/// <summary>Turns a log_softmax classifier's output into readable class probabilities.</summary>
public static class Prediction
{
    /// <summary>Scores of every class for one image [1, C, H, W], most probable first.</summary>
    public static IReadOnlyList<ClassScore> Scores(nn.Module<Tensor, Tensor> model, Tensor image, IReadOnlyList<string> classNames)
    {
        if (image.dim() != 4 || image.shape[0] != 1)
            throw new ArgumentException($"Prediction.Scores takes one image [1, C, H, W]; got shape [{string.Join(", ", image.shape)}].", nameof(image));
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            var logp = model.call(image.to(device))[0].to(CPU).to_type(float64).data<double>().ToArray();
            if (logp.Length != classNames.Count) throw new ArgumentException($"The model outputs {logp.Length} scores but {classNames.Count} class names were given.");
            return logp.Select((l, i) => new ClassScore(classNames[i], l, Math.Exp(l))).OrderByDescending(s => s.LogProbability).ToList();
        }
        finally { model.train(wasTraining); }
    }
}
