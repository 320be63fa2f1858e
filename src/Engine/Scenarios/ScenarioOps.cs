namespace Engine.Scenarios;

/// <summary>The <c>op</c> texts of scenario-format.md §3, one per terminal transaction.</summary>
public static class ScenarioOps
{
    /// <summary>1101.</summary>
    public const string PersonInfo = "personInfo";

    /// <summary>2201.</summary>
    public const string Register = "register";

    /// <summary>2202.</summary>
    public const string CancelRegistration = "cancelRegistration";

    /// <summary>2204.</summary>
    public const string UploadFees = "uploadFees";

    /// <summary>2205.</summary>
    public const string CancelFees = "cancelFees";

    /// <summary>2206.</summary>
    public const string PreSettle = "preSettle";

    /// <summary>2207.</summary>
    public const string Settle = "settle";

    /// <summary>2208.</summary>
    public const string CancelSettlement = "cancelSettlement";

    /// <summary>2601.</summary>
    public const string Reverse = "reverse";

    /// <summary>3201.</summary>
    public const string Reconcile = "reconcile";

    /// <summary>Every op, in the order of the table.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PersonInfo, Register, CancelRegistration, UploadFees, CancelFees, PreSettle, Settle, CancelSettlement,
        Reverse, Reconcile,
    ];
}
