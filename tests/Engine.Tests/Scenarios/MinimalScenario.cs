using System.Text.Json.Nodes;

namespace Engine.Tests.Scenarios;

/// <summary>A small valid scenario file with one step of every op, and a way to break one member of it.</summary>
internal static class MinimalScenario
{
    public const string Json = """
        {
          "name": "minimal",
          "reference": {
            "regions": [
              { "code": "360000", "name": "江西省", "parent": null },
              { "code": "360100", "name": "南昌市", "parent": "360000",
                "settings": { "unfiled": "Reject", "reductions": { "TMP_OTHER": 0.25 } } },
              { "code": "310000", "name": "上海市", "parent": null },
              { "code": "310118", "name": "青浦区", "parent": "310000" }
            ],
            "noFilingZones": [ [ "310118", "360100" ] ],
            "policies": [
              { "region": "360100", "insuranceType": "310", "medType": "11", "personGroup": "ACTIVE",
                "effectiveFrom": "2025-01-01", "effectiveTo": null,
                "deductible": 300.00, "ratios": { "1": 0.65, "3": 0.55 }, "annualCap": 2000.00 },
              { "region": "360100", "insuranceType": "310", "medType": "14", "disease": "M01600",
                "personGroup": "ANY", "effectiveFrom": "2025-01-01", "effectiveTo": "2025-12-31",
                "deductible": 0, "ratios": { "2": 0.9 }, "annualCap": null }
            ],
            "catalog": [
              { "region": "310000", "code": "XB01", "name": "乙类药", "grade": "02", "selfPayRatio": 0.10,
                "priceCap": 12.50 }
            ],
            "institutions": [
              { "code": "H31011800001", "name": "青浦区中心医院", "region": "310118", "level": 3,
                "crossProvince": true, "chronicDesignated": false }
            ],
            "persons": [
              { "psnNo": "36010000000000000001", "name": "张三", "insuredRegion": "360100",
                "insuranceType": "310", "personGroup": "ACTIVE", "civilServant": true, "status": "ACTIVE",
                "accountBalance": 500.05,
                "filings": [ { "type": "LT_RESIDE", "destination": "310000", "from": "2025-01-01", "to": null } ],
                "chronic": [ { "disease": "M01600", "from": "2025-01-01", "to": "2025-06-30" } ],
                "accumulators": [
                  { "year": 2025, "bucket": "GEN_OTP", "deductibleUsed": 184.00, "fundPaid": 0.00 },
                  { "year": 2025, "bucket": "OPSP:M01600", "deductibleUsed": 0, "fundPaid": 10.5,
                    "civilServantPaid": 1.25 }
                ] }
            ]
          },
          "steps": [
            { "op": "register", "label": "v1", "msgId": "m1", "institution": "H31011800001",
              "psnNo": "36010000000000000001", "medType": "14", "disease": "M01600", "emergency": true,
              "at": "2025-06-01T09:00:00", "expect": { "status": "ok" } },
            { "op": "uploadFees", "visit": "v1", "msgId": "m2", "batch": "B1", "at": "2025-06-01T09:01:00",
              "lines": [ { "lineNo": 1, "code": "XB01", "quantity": 0.5, "unitPrice": 6.225, "amount": 12.45 } ] },
            { "op": "cancelFees", "visit": "v1", "msgId": "m3", "batch": "0000", "at": "2025-06-01T09:02:00" },
            { "op": "preSettle", "visit": "v1", "msgId": "m4", "useAccount": true, "at": "2025-06-01T09:03:00" },
            { "op": "settle", "label": "s1", "visit": "v1", "msgId": "m5", "at": "2025-06-01T09:04:00" },
            { "op": "cancelSettlement", "settlement": "s1", "msgId": "m6", "at": "2025-06-01T09:05:00" },
            { "op": "reverse", "msgId": "m7", "institution": "H31011800001", "originalMsgId": "m6",
              "originalOp": "cancelSettlement", "at": "2025-06-01T09:06:00" },
            { "op": "cancelRegistration", "visit": "v1", "msgId": "m8", "at": "2025-06-01T09:07:00" },
            { "op": "personInfo", "institution": "H31011800001", "psnNo": "36010000000000000001", "year": 2025 },
            { "op": "reconcile", "institution": "H31011800001", "date": "2025-06-01", "count": 1,
              "medfeeSum": 12.45, "fundPaySum": 0, "acctPaySum": 1.5 }
          ]
        }
        """;

    /// <summary>The minimal scenario with one edit applied.</summary>
    public static string With(Action<JsonNode> edit)
    {
        var root = JsonNode.Parse(Json)!;
        edit(root);
        return root.ToJsonString();
    }

    /// <summary>The minimal scenario whose only step is <paramref name="step"/>, given as JSON text.</summary>
    public static string WithStep(string step) => With(root => root["steps"] = new JsonArray(JsonNode.Parse(step)));
}
