namespace FewShotLearn.Tests;

/// <summary>Bad input is refused with a message naming the problem and the fix: one assertion for that, for every test.</summary>
static class Refusals
{
    /// <summary>
    /// Asserts that <paramref name="call"/> throws exactly <typeparamref name="TException"/> (as Assert.Throws does) and that
    /// its message contains every one of <paramref name="phrases"/>; returns the exception for further checks.
    /// </summary>
    public static TException Refuses<TException>(Action call, params string[] phrases) where TException : Exception
    {
        var e = Assert.Throws<TException>(call);
        foreach (var phrase in phrases) Assert.Contains(phrase, e.Message);
        return e;
    }
}
