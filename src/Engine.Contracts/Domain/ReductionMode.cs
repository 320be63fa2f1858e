namespace Engine.Contracts.Domain;

/// <summary>How a temporary visit's reduction is applied (rules.md §4).</summary>
public enum ReductionMode : byte
{
    /// <summary>"RatioPoints": the fund ratio drops by the reduction (the default).</summary>
    RatioPoints = 0,

    /// <summary>"ExtraPreSelfPay": the reduction is an extra first self-pay share of the in-scope amount.</summary>
    ExtraPreSelfPay = 1,
}
