using System.Collections;
using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace FewShotLearn.Interactive;

/// <summary>
/// Shows records and anonymous objects, and lists of them, as <see cref="Table"/>s instead of .NET Interactive's
/// default tree of raw <c>Name { A = 1, ... }</c> dumps. Every other value keeps its default display.
/// </summary>
public static class TableFormatter
{
    // .NET Interactive's own HTML formatters for values that are not records: a formatter registered for object or
    // IEnumerable must write something for every value, so it hands those back to the defaults. They are internal
    // (HtmlFormatter.GetDefaultFormatterForAnyObject/AnyEnumerable); if a host version lacks them, nothing is registered
    // and records show in the default tree view (the notebook tests then report the raw dumps).
    static readonly Func<Type, ITypeFormatter>? DefaultForObject = DefaultFormatterFactory("GetDefaultFormatterForAnyObject");
    static readonly Func<Type, ITypeFormatter>? DefaultForEnumerable = DefaultFormatterFactory("GetDefaultFormatterForAnyEnumerable");

    /// <summary>Registers the list and single-record formatters (HTML); false when the host's default formatters cannot be reached.</summary>
    public static bool Register()
    {
        if (DefaultForObject is null || DefaultForEnumerable is null) return false;
        Formatter.Register(new ListOfRecords());
        Formatter.Register(new SingleRecord());
        return true;
    }

    static Func<Type, ITypeFormatter>? DefaultFormatterFactory(string name)
    {
        var method = typeof(HtmlFormatter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, [typeof(Type)]);
        return method is null || method.ReturnType != typeof(ITypeFormatter) ? null : t => (ITypeFormatter)method.Invoke(null, [t])!;
    }

    /// <summary>The element type of a list whose items are all record-like, or null.</summary>
    public static Type? RecordElementType(IEnumerable list)
    {
        if (list is string) return null;
        var declared = list.GetType().GetInterfaces().Append(list.GetType())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
        if (declared is not null && Table.IsRecordLike(declared)) return declared;
        Type? seen = null;
        foreach (var item in list)
        {
            if (item is null) continue;
            var t = item.GetType();
            if (!Table.IsRecordLike(t) || (seen is not null && seen != t)) return null;
            seen = t;
        }
        return seen;
    }

    sealed class ListOfRecords : ITypeFormatter
    {
        public string MimeType => HtmlFormatter.MimeType;
        public Type Type => typeof(IEnumerable);

        public bool Format(object instance, FormatContext context)
        {
            if (instance is IEnumerable list && RecordElementType(list) is { } type)
            {
                context.Writer.Write(Table.Of(list, type).Html);
                return true;
            }
            return DefaultForEnumerable!(instance.GetType()).Format(instance, context);
        }
    }

    sealed class SingleRecord : ITypeFormatter
    {
        public string MimeType => HtmlFormatter.MimeType;
        public Type Type => typeof(object);

        public bool Format(object instance, FormatContext context)
        {
            if (instance is not null and not IEnumerable && Table.IsRecordLike(instance.GetType()))
            {
                context.Writer.Write(Table.Fields(instance).Html);
                return true;
            }
            return DefaultForObject!(instance?.GetType() ?? typeof(object)).Format(instance!, context);
        }
    }
}
