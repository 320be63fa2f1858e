using System.Text.Json;
using Engine.Scenarios;

namespace Engine.Tests.Scenarios;

public sealed class ExpectationCheckerTests
{
    // Steps 0 to 6 line up with SampleResults.Document; the values are written as a test author would.
    private const string MatchingSteps = """
        [
          { "op": "register", "expect": { "status": "ok" } },
          { "op": "uploadFees", "expect": { "status": "ok", "lines": [
            { "lineNo": 1, "grade": "02", "overlmt_amt": 8.82, "inscp_scp_amt": 5.560 } ] } },
          { "op": "settle", "expect": { "status": "ok", "settlement": {
            "medfee_sumamt": 402.45, "fulamt_ownpay_amt": 40.0, "overlmt_selfpay": 0.0, "pool_prop_selfpay": 0.55,
            "inscp_scp_amt": 346.2, "filing_category": "LT_RESIDE", "year": 2025 } } },
          { "op": "cancelSettlement", "expect": { "settlement": {
            "overlmt_selfpay": -0.0, "hifp_pay": -90, "balc": 100.0, "pool_prop_selfpay": 0.5500 } } },
          { "op": "register", "expect": { "status": "rejected", "error": "NO_VALID_FILING" } },
          { "op": "personInfo", "expect": { "status": "ok", "person": { "accountBalance": 354.0, "accumulators": [
            { "year": 2025, "bucket": "GEN_OTP", "deductibleUsed": 300.0, "fundPaid": 704.0 } ] } } },
          { "op": "reconcile", "expect": { "reconciliation": { "balanced": true, "count": 3, "medfeeSum": 115 } } },
          { "op": "personInfo" }
        ]
        """;

    [Fact]
    public void Check_ResultsMatchingEveryExpectation_ReturnsNoMismatch()
    {
        using var scenario = JsonDocument.Parse($$"""{ "name": "x", "steps": {{MatchingSteps}} }""");

        var mismatches = ExpectationChecker.Check(scenario, SampleResults.Document);

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Check_ResultsDifferingFromExpectations_ReturnsEachMismatchWithPath()
    {
        using var scenario = JsonDocument.Parse("""
            { "name": "x", "steps": [
              { "op": "register", "expect": { "status": "rejected", "error": "NO_VALID_FILING" } },
              { "op": "uploadFees", "expect": { "lines": [] } },
              { "op": "settle", "expect": { "settlement": { "hifp_pay": 126.62, "filing_category": "LOCAL" } } },
              { "op": "cancelSettlement" },
              { "op": "register", "expect": { "status": "rejected", "error": "NO_POLICY" } },
              { "op": "personInfo", "expect": { "person": { "accumulators": [
                { "bucket": "GEN_OTP", "civilServantPaid": 1.00 } ] } } },
              { "op": "reconcile", "expect": { "reconciliation": { "balanced": false } } },
              { "op": "personInfo", "expect": { "status": "ok" } }
            ] }
            """);

        var mismatches = ExpectationChecker.Check(scenario, SampleResults.Document);

        Assert.Equal<ExpectationMismatch>(
            [
                new ExpectationMismatch(0, "$.steps[0].expect.status", "\"rejected\"", "\"ok\""),
                new ExpectationMismatch(0, "$.steps[0].expect.error", "\"NO_VALID_FILING\"", ExpectationChecker.Absent),
                new ExpectationMismatch(
                    1,
                    "$.steps[1].expect.lines",
                    "[]",
                    """[{"lineNo":1,"grade":"02","fulamt_ownpay_amt":0.00,"overlmt_amt":8.82,"preselfpay_amt":0.62,""" +
                    """ "inscp_scp_amt":5.56}]""".TrimStart()),
                new ExpectationMismatch(2, "$.steps[2].expect.settlement.hifp_pay", "126.62", "126.61"),
                new ExpectationMismatch(
                    2, "$.steps[2].expect.settlement.filing_category", "\"LOCAL\"", "\"LT_RESIDE\""),
                new ExpectationMismatch(4, "$.steps[4].expect.error", "\"NO_POLICY\"", "\"NO_VALID_FILING\""),
                new ExpectationMismatch(
                    5, "$.steps[5].expect.person.accumulators[0].civilServantPaid", "1.00", "0.00"),
                new ExpectationMismatch(6, "$.steps[6].expect.reconciliation.balanced", "false", "true"),
                new ExpectationMismatch(7, "$.steps[7].expect", """{"status":"ok"}""", "(no result for this step)"),
            ],
            mismatches);
    }

    [Fact]
    public void Check_NumberExpectedButTextGiven_IsAMismatch()
    {
        using var scenario = JsonDocument.Parse("""
            { "steps": [ { "expect": { "visitId": 1 } } ] }
            """);

        var mismatch = Assert.Single(ExpectationChecker.Check(scenario, SampleResults.Document));

        Assert.Equal(new ExpectationMismatch(0, "$.steps[0].expect.visitId", "1", "\"V1\""), mismatch);
        Assert.Equal("step 0: $.steps[0].expect.visitId: expected 1, got \"V1\"", mismatch.ToString());
    }
}
