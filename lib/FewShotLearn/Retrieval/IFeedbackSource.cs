namespace FewShotLearn.Retrieval;

/// <summary>Whoever judges retrieved results (patent step 240): a person at the console or in a notebook, or the labels as an oracle.</summary>
public interface IFeedbackSource
{
    /// <summary>Marks each result correct (true) or wrong (false) for the described query; one mark per result, in order.</summary>
    bool[] Mark(string query, IReadOnlyList<RankedResult> results);
}
