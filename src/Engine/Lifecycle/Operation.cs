namespace Engine.Lifecycle;

/// <summary>The state-changing transactions, numbered by their national transaction codes.</summary>
public enum Operation : short
{
    /// <summary>2201.</summary>
    Register = 2201,

    /// <summary>2202.</summary>
    CancelRegistration = 2202,

    /// <summary>2204.</summary>
    UploadFees = 2204,

    /// <summary>2205.</summary>
    CancelFees = 2205,

    /// <summary>2207.</summary>
    Settle = 2207,

    /// <summary>2208.</summary>
    CancelSettlement = 2208,

    /// <summary>2601.</summary>
    Reverse = 2601,
}
