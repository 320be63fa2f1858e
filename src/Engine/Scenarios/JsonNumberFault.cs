namespace Engine.Scenarios;

/// <summary>Why a JSON number could not be read exactly.</summary>
internal enum JsonNumberFault
{
    /// <summary>Read exactly.</summary>
    None = 0,

    /// <summary>The value needs more decimals than the member allows.</summary>
    TooManyDecimals = 1,

    /// <summary>The value does not fit the target type.</summary>
    OutOfRange = 2,
}
