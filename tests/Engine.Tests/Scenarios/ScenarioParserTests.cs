using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Reference;
using Engine.Scenarios;

namespace Engine.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "cases");

    public static TheoryData<string> PublicCases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Fact]
    public void PublicCases_Directory_HasCases() => Assert.NotEmpty(PublicCases());

    [Theory]
    [MemberData(nameof(PublicCases))]
    public void Parse_PublicCase_ReadsEveryStep(string fileName)
    {
        using var stream = File.OpenRead(Path.Combine(CasesDirectory, fileName));
        var scenario = ScenarioParser.Parse(stream);

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CasesDirectory, fileName)));
        var steps = document.RootElement.GetProperty("steps");
        Assert.Equal(document.RootElement.GetProperty("name").GetString(), scenario.Name);
        Assert.Equal(steps.GetArrayLength(), scenario.Steps.Length);
        for (var index = 0; index < scenario.Steps.Length; index++)
        {
            Assert.Equal(index, scenario.Steps[index].Index);
            Assert.Equal(steps[index].GetProperty("op").GetString(), scenario.Steps[index].Op);
        }
        Assert.NotEmpty(scenario.Reference.Regions);
        Assert.NotEmpty(scenario.Reference.Persons);
    }

    [Fact]
    public void Parse_MinimalScenario_ReadsReference()
    {
        var reference = ScenarioParser.Parse(MinimalScenario.Json).Reference;

        Assert.Equal(["360000", "360100", "310000", "310118"], reference.Regions.Select(region => region.Code));
        Assert.Null(reference.Regions[0].Parent);
        Assert.Null(reference.Regions[0].Settings);
        Assert.Equal(
            RegionSettings.Default with { Unfiled = UnfiledPolicy.Reject, ReductionOther = Ratio.FromBps(2_500) },
            reference.Regions[1].Settings);
        Assert.Equal<string>(["310118", "360100"], Assert.Single(reference.NoFilingZones));
        var rule = reference.Policies[0];
        Assert.Equal(
            new BenefitRule(
                "360100", InsuranceType.Employee, MedType.General, null, PersonGroup.Active, new DateOnly(2025, 1, 1),
                null, Money.FromFen(30_000), Ratio.FromBps(6_500), null, Ratio.FromBps(5_500), Money.FromFen(200_000)),
            rule);
        var chronicRule = reference.Policies[1];
        Assert.Equal("M01600", chronicRule.Disease);
        Assert.Equal(new DateOnly(2025, 12, 31), chronicRule.EffectiveTo);
        Assert.Null(chronicRule.AnnualCap);
        Assert.Equal(
            new CatalogEntry("310000", "XB01", "乙类药", CatalogGrade.B, Ratio.FromBps(1_000), Money.FromFen(1_250)),
            Assert.Single(reference.Catalog));
        Assert.Equal(
            new Institution(
                "H31011800001", "青浦区中心医院", "310118", 3, CrossProvince: true, ChronicDesignated: false),
            Assert.Single(reference.Institutions));
    }

    [Fact]
    public void Parse_MinimalScenario_ReadsPerson()
    {
        var person = Assert.Single(ScenarioParser.Parse(MinimalScenario.Json).Reference.Persons);

        Assert.Equal("36010000000000000001", person.Profile.PsnNo);
        Assert.Equal(PersonGroup.Active, person.Profile.PersonGroup);
        Assert.True(person.Profile.CivilServant);
        Assert.Equal(PersonStatus.Active, person.Profile.Status);
        Assert.Equal(Money.FromFen(50_005), person.AccountBalance);
        Assert.Equal(
            new Filing(FilingType.LongTermReside, "310000", new DateOnly(2025, 1, 1), null),
            Assert.Single(person.Profile.Filings));
        Assert.Equal(
            new ChronicQualification("M01600", new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30)),
            Assert.Single(person.Profile.Chronic));
        Assert.Equal(2, person.Accumulators.Length);
        Assert.Equal(Money.FromFen(18_400), person.Accumulators[0].DeductibleUsed);
        Assert.Equal(Money.Zero, person.Accumulators[0].CivilServantPaid);
        Assert.Equal("OPSP:M01600", person.Accumulators[1].Bucket);
        Assert.Equal(Money.FromFen(1_050), person.Accumulators[1].FundPaid);
        Assert.Equal(Money.FromFen(125), person.Accumulators[1].CivilServantPaid);
    }

    [Fact]
    public void Parse_PersonWithoutOptionalLists_GetsEmptyListsAndZeroBalance()
    {
        var json = MinimalScenario.With(root =>
        {
            var person = root["reference"]!["persons"]![0]!.AsObject();
            person.Remove("filings");
            person.Remove("chronic");
            person.Remove("accumulators");
            person.Remove("accountBalance");
        });

        var person = Assert.Single(ScenarioParser.Parse(json).Reference.Persons);

        Assert.Empty(person.Profile.Filings);
        Assert.Empty(person.Profile.Chronic);
        Assert.Empty(person.Accumulators);
        Assert.Equal(Money.Zero, person.AccountBalance);
    }

    [Fact]
    public void Parse_EmptySettings_GetsDefaults()
    {
        var json = MinimalScenario.With(root => root["reference"]!["regions"]![1]!["settings"] = new JsonObject());

        var region = ScenarioParser.Parse(json).Reference.Regions[1];

        Assert.Equal(RegionSettings.Default, region.Settings);
    }

    [Fact]
    public void Parse_MinimalScenario_ReadsEveryOp()
    {
        var steps = ScenarioParser.Parse(MinimalScenario.Json).Steps;

        var at = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Unspecified);
        var register = Assert.IsType<RegisterStep>(steps[0]);
        Assert.Equal(
            new RegisterStep(
                0, "v1", "m1", "H31011800001", "36010000000000000001", MedType.Chronic, "M01600", true, at),
            register);
        Assert.Equal(DateTimeKind.Unspecified, register.At.Kind);
        var upload = Assert.IsType<UploadFeesStep>(steps[1]);
        Assert.Equal(("v1", "m2", "B1", at.AddMinutes(1)), (upload.Visit, upload.MsgId, upload.Batch, upload.At));
        var line = Assert.Single(upload.Lines);
        Assert.Equal(1, line.LineNo);
        Assert.Equal("XB01", line.Code);
        Assert.Equal(Quantity.FromTenThousandths(5_000), line.Quantity);
        Assert.Equal(Quantity.FromTenThousandths(62_250), line.UnitPrice);
        Assert.Equal(Money.FromFen(1_245), line.Amount);
        Assert.Equal(new CancelFeesStep(2, "v1", "m3", "0000", at.AddMinutes(2)), steps[2]);
        Assert.Equal(new PreSettleStep(3, "v1", "m4", true, at.AddMinutes(3)), steps[3]);
        Assert.Equal(new SettleStep(4, "s1", "v1", "m5", false, at.AddMinutes(4)), steps[4]);
        Assert.Equal(new CancelSettlementStep(5, "s1", "m6", at.AddMinutes(5)), steps[5]);
        Assert.Equal(
            new ReverseStep(6, "m7", "H31011800001", "m6", "cancelSettlement", at.AddMinutes(6)), steps[6]);
        Assert.Equal(new CancelRegistrationStep(7, "v1", "m8", at.AddMinutes(7)), steps[7]);
        Assert.Equal(new PersonInfoStep(8, "H31011800001", "36010000000000000001", 2025), steps[8]);
        Assert.Equal(
            new ReconcileStep(
                9, "H31011800001", new DateOnly(2025, 6, 1), 1, Money.FromFen(1_245), Money.Zero, Money.FromFen(150)),
            steps[9]);
        Assert.Equal(
            ScenarioOps.All.Order(StringComparer.Ordinal), steps.Select(step => step.Op).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_StepMembersMissing_GetMissingDefaults()
    {
        var ops = new[]
        {
            "register", "uploadFees", "cancelFees", "preSettle", "settle", "cancelSettlement", "reverse",
            "cancelRegistration", "personInfo", "reconcile",
        };
        var json = MinimalScenario.With(root => root["steps"] = new JsonArray(
            [.. ops.Select(op => (JsonNode)new JsonObject { ["op"] = op })]));

        var steps = ScenarioParser.Parse(json).Steps;

        Assert.Equal(new RegisterStep(0, null, "", "", "", MedType.None, null, false, default), steps[0]);
        var upload = Assert.IsType<UploadFeesStep>(steps[1]);
        Assert.Equal(("", "", "", default(DateTime)), (upload.Visit, upload.MsgId, upload.Batch, upload.At));
        Assert.Empty(upload.Lines);
        Assert.Equal(new CancelFeesStep(2, "", "", "", default), steps[2]);
        Assert.Equal(new PreSettleStep(3, "", "", false, default), steps[3]);
        Assert.Equal(new SettleStep(4, null, "", "", false, default), steps[4]);
        Assert.Equal(new CancelSettlementStep(5, "", "", default), steps[5]);
        Assert.Equal(new ReverseStep(6, "", "", "", "", default), steps[6]);
        Assert.Equal(new CancelRegistrationStep(7, "", "", default), steps[7]);
        Assert.Equal(new PersonInfoStep(8, "", "", 0), steps[8]);
        Assert.Equal(new ReconcileStep(9, "", default, 0, Money.Zero, Money.Zero, Money.Zero), steps[9]);
    }

    [Fact]
    public void Parse_StepMembersNull_GetMissingDefaults()
    {
        var json = MinimalScenario.WithStep("""
            { "op": "register", "label": null, "msgId": null, "institution": null, "psnNo": null, "medType": null,
              "disease": null, "emergency": null, "at": null, "somethingNew": [1, 2] }
            """);

        var step = Assert.Single(ScenarioParser.Parse(json).Steps);

        Assert.Equal(new RegisterStep(0, null, "", "", "", MedType.None, null, false, default), step);
    }

    [Fact]
    public void Parse_FeeLineMembersMissing_GetZeroAndEmpty()
    {
        var json = MinimalScenario.WithStep("""{ "op": "uploadFees", "visit": "v1", "lines": [ {} ] }""");

        var upload = Assert.IsType<UploadFeesStep>(Assert.Single(ScenarioParser.Parse(json).Steps));

        var line = Assert.Single(upload.Lines);
        Assert.Equal((0, "", 0L, 0L, Money.Zero), (line.LineNo, line.Code, line.Quantity.TenThousandths,
            line.UnitPrice.TenThousandths, line.Amount));
    }

    [Fact]
    public void Parse_NegativeQuantityAndAmount_LeftForTheEngineToReject()
    {
        var json = MinimalScenario.WithStep("""
            { "op": "uploadFees", "lines": [ { "lineNo": 1, "code": "X", "quantity": -1, "unitPrice": 2,
              "amount": -3.5 } ] }
            """);

        var upload = Assert.IsType<UploadFeesStep>(Assert.Single(ScenarioParser.Parse(json).Steps));

        var line = Assert.Single(upload.Lines);
        Assert.Equal(0L, line.Quantity.TenThousandths);
        Assert.Equal(Money.FromFen(-350), line.Amount);
    }

    [Theory]
    [InlineData("184.000", 18_400L)]
    [InlineData("1.845e2", 18_450L)]
    [InlineData("-0.0", 0L)]
    [InlineData("12", 1_200L)]
    public void Parse_MoneyInAnyExactNotation_ReadsFen(string amountJson, long expectedFen)
    {
        var json = MinimalScenario.WithStep($$"""{ "op": "reconcile", "medfeeSum": {{amountJson}} }""");

        var step = Assert.IsType<ReconcileStep>(Assert.Single(ScenarioParser.Parse(json).Steps));

        Assert.Equal(Money.FromFen(expectedFen), step.MedfeeSum);
    }

    public static TheoryData<string, string, string> BadReferenceMembers() => new()
    {
        // Member path relative to $.reference, replacement JSON, expected message after "path: ".
        { "persons[0].accountBalance", "\"abc\"", "expected a JSON number with at most two decimals, got \"abc\"" },
        { "persons[0].accountBalance", "1.005", "expected a JSON number with at most two decimals, got 1.005" },
        { "persons[0].accountBalance", "-1", "expected a non-negative JSON number with at most two decimals, got -1" },
        { "policies[0].deductible", "300.001", "expected a JSON number with at most two decimals, got 300.001" },
        { "policies[0].deductible", "12.340000000000000000000000000001",
            "expected a JSON number with at most two decimals, got 12.340000000000000000000000000001" },
        { "policies[0].ratios['1']", "0.12345",
            "expected a JSON number between 0 and 1 with at most four decimals, got 0.12345" },
        { "policies[0].ratios['1']", "1.5",
            "expected a JSON number between 0 and 1 with at most four decimals, got 1.5" },
        { "policies[0].effectiveFrom", "\"2025-13-01\"", "expected a date YYYY-MM-DD, got \"2025-13-01\"" },
        { "policies[0].effectiveFrom", "\"2025-1-01\"", "expected a date YYYY-MM-DD, got \"2025-1-01\"" },
        { "policies[0].effectiveFrom", "20250101", "expected a date YYYY-MM-DD, got 20250101" },
        { "policies[0].insuranceType", "\"311\"", "expected one of \"310\", \"390\", got \"311\"" },
        { "policies[0].insuranceType", "310", "expected one of \"310\", \"390\", got 310" },
        { "persons[0].personGroup", "\"ANY\"", "expected one of \"ACTIVE\", \"RETIRED\", \"RESIDENT\", got \"ANY\"" },
        { "persons[0].filings[0].type", "\"LT_HOLIDAY\"",
            "expected one of \"LT_RETIRE\", \"LT_RESIDE\", \"LT_WORK\", \"TMP_REFERRAL\", \"TMP_EMERGENCY\", " +
            "\"TMP_OTHER\", got \"LT_HOLIDAY\"" },
        { "persons[0].civilServant", "\"yes\"", "expected true or false, got \"yes\"" },
        { "persons[0].accumulators[0].year", "2025.5", "expected an integer, got 2025.5" },
        { "persons[0].accumulators[0].bucket", "\"GEN\"", "expected \"GEN_OTP\" or \"OPSP:<disease>\", got \"GEN\"" },
        { "institutions[0].level", "4", "expected 1, 2 or 3, got 4" },
        { "catalog[0].grade", "\"04\"", "expected one of \"01\", \"02\", \"03\", got \"04\"" },
        { "catalog[0].priceCap", "\"12.50\"", "expected a JSON number with at most two decimals, got \"12.50\"" },
        { "regions[1].settings.unfiled", "\"Ignore\"",
            "expected one of \"TreatAsTemporary\", \"Reject\", got \"Ignore\"" },
        { "regions[1].settings.reductions.TMP_OTHER", "0.00001",
            "expected a JSON number between 0 and 1 with at most four decimals, got 0.00001" },
        { "regions[1].parent", "\"999999\"", "unknown region \"999999\"" },
        { "regions[1].code", "\"360000\"", "duplicate region code \"360000\" (first at $.reference.regions[0])" },
        { "noFilingZones[0]", "\"310118\"", "expected a JSON array, got \"310118\"" },
        { "persons[0].filings[0].to", "\"2024-12-31\"",
            "expected a date on or after from (2025-01-01), got \"2024-12-31\"" },
    };

    [Theory]
    [MemberData(nameof(BadReferenceMembers))]
    public void Parse_BadReferenceMember_ThrowsNamingItsPath(string relativePath, string valueJson, string detail)
    {
        var path = "$.reference." + relativePath;
        var json = MinimalScenario.With(root => Replace(root["reference"]!, relativePath, JsonNode.Parse(valueJson)));

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal(path, exception.Path);
        Assert.Equal($"{path}: {detail}", exception.Message);
    }

    public static TheoryData<string, string, string> BadSteps() => new()
    {
        // One step as JSON, the faulty member's path, expected message after "path: ".
        { """{ "op": "settleAll" }""", "$.steps[0].op",
            "expected one of \"personInfo\", \"register\", \"cancelRegistration\", \"uploadFees\", \"cancelFees\", " +
            "\"preSettle\", \"settle\", \"cancelSettlement\", \"reverse\", \"reconcile\", got \"settleAll\"" },
        { """{ "visit": "v1" }""", "$.steps[0].op", "required member is missing" },
        { """[ "register" ]""", "$.steps[0]", "expected a JSON object, got [\"register\"]" },
        { """{ "op": "register", "medType": "12" }""", "$.steps[0].medType",
            "expected one of \"11\", \"14\", got \"12\"" },
        { """{ "op": "register", "at": "2025-06-01 09:00:00" }""", "$.steps[0].at",
            "expected a time YYYY-MM-DDTHH:MM:SS, got \"2025-06-01 09:00:00\"" },
        { """{ "op": "register", "at": "2025-06-01T09:00:00Z" }""", "$.steps[0].at",
            "expected a time YYYY-MM-DDTHH:MM:SS, got \"2025-06-01T09:00:00Z\"" },
        { """{ "op": "register", "at": "2025-06-01T09:00:00.5" }""", "$.steps[0].at",
            "expected a time YYYY-MM-DDTHH:MM:SS, got \"2025-06-01T09:00:00.5\"" },
        { """{ "op": "register", "at": "2025-06-01T24:00:00" }""", "$.steps[0].at",
            "expected a time YYYY-MM-DDTHH:MM:SS, got \"2025-06-01T24:00:00\"" },
        { """{ "op": "register", "emergency": "false" }""", "$.steps[0].emergency",
            "expected true or false, got \"false\"" },
        { """{ "op": "register", "institution": 42 }""", "$.steps[0].institution",
            "expected a JSON string, got 42" },
        { """{ "op": "uploadFees", "lines": [ { "amount": 12.345 } ] }""", "$.steps[0].lines[0].amount",
            "expected a JSON number with at most two decimals, got 12.345" },
        { """{ "op": "uploadFees", "lines": [ { "quantity": 0.00005 } ] }""", "$.steps[0].lines[0].quantity",
            "expected a JSON number with at most four decimals, got 0.00005" },
        { """{ "op": "uploadFees", "lines": [ { "lineNo": "1" } ] }""", "$.steps[0].lines[0].lineNo",
            "expected an integer, got \"1\"" },
        { """{ "op": "uploadFees", "lines": { "lineNo": 1 } }""", "$.steps[0].lines",
            "expected a JSON array, got {\"lineNo\":1}" },
        { """{ "op": "reconcile", "date": "2025-02-30" }""", "$.steps[0].date",
            "expected a date YYYY-MM-DD, got \"2025-02-30\"" },
        { """{ "op": "personInfo", "year": 2025.5 }""", "$.steps[0].year", "expected an integer, got 2025.5" },
    };

    [Theory]
    [MemberData(nameof(BadSteps))]
    public void Parse_BadStep_ThrowsNamingItsPath(string stepJson, string path, string detail)
    {
        var json = MinimalScenario.WithStep(stepJson);

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal(path, exception.Path);
        Assert.Equal($"{path}: {detail}", exception.Message);
    }

    [Theory]
    [InlineData("[]", "$", "expected a JSON object, got []")]
    [InlineData("""{ "reference": {}, "steps": [] }""", "$.name", "required member is missing")]
    [InlineData("""{ "name": "x", "steps": [] }""", "$.reference", "required member is missing")]
    [InlineData("""{ "name": "x", "reference": [], "steps": [] }""", "$.reference", "expected a JSON object, got []")]
    [InlineData("""{ "name": "x", "reference": {}, "steps": {} }""", "$.steps", "expected a JSON array, got {}")]
    public void Parse_BadTopLevel_ThrowsNamingItsPath(string json, string path, string detail)
    {
        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal($"{path}: {detail}", exception.Message);
    }

    [Theory]
    [InlineData("""{ "name": "x", """)]
    [InlineData("""{ "name": "x", "name": "y", "reference": {}, "steps": [] }""")]
    [InlineData("""{ "name": "x", "reference": {}, "steps": [], }""")]
    public void Parse_MalformedJson_ThrowsAtRoot(string json)
    {
        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$", exception.Path);
        Assert.IsAssignableFrom<JsonException>(exception.InnerException);
    }

    [Fact]
    public void Parse_RegionCycle_ThrowsNamingTheParent()
    {
        var json = MinimalScenario.With(root => root["reference"]!["regions"]![0]!["parent"] = "360100");

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$.reference.regions[0].parent", exception.Path);
    }

    [Fact]
    public void Parse_RegionWithParentListedLater_Succeeds()
    {
        var json = MinimalScenario.With(root =>
        {
            var regions = root["reference"]!["regions"]!.AsArray();
            var province = regions[0]!;
            regions.RemoveAt(0);
            regions.Add(province);
        });

        Assert.Equal(4, ScenarioParser.Parse(json).Reference.Regions.Length);
    }

    [Fact]
    public void Parse_DuplicatePsnNo_ThrowsNamingTheSecond()
    {
        var json = MinimalScenario.With(root =>
        {
            var persons = root["reference"]!["persons"]!.AsArray();
            persons.Add(persons[0]!.DeepClone());
        });

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$.reference.persons[1].psnNo", exception.Path);
    }

    [Fact]
    public void Parse_UnknownRatioLevel_ThrowsNamingTheKey()
    {
        var json = MinimalScenario.With(root => root["reference"]!["policies"]![0]!["ratios"]!["4"] = 0.5m);

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$.reference.policies[0].ratios['4']", exception.Path);
    }

    [Fact]
    public void Parse_ChronicRuleWithoutDisease_Throws()
    {
        var json = MinimalScenario.With(root => root["reference"]!["policies"]![1]!.AsObject().Remove("disease"));

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$.reference.policies[1].disease", exception.Path);
    }

    [Fact]
    public void Parse_RequiredReferenceMemberMissing_ThrowsNamingIt()
    {
        var json = MinimalScenario.With(root => root["reference"]!["institutions"]![0]!.AsObject().Remove("level"));

        var exception = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(json));

        Assert.Equal("$.reference.institutions[0].level: required member is missing", exception.Message);
    }

    // Replaces the member at a path such as "persons[0].accountBalance" or "policies[0].ratios['1']".
    private static void Replace(JsonNode node, string relativePath, JsonNode? value)
    {
        var segments = relativePath.Replace("['", ".", StringComparison.Ordinal)
            .Replace("']", "", StringComparison.Ordinal)
            .Replace("[", ".[", StringComparison.Ordinal)
            .Split('.');
        for (var index = 0; index < segments.Length; index++)
        {
            var segment = segments[index];
            var isLast = index == segments.Length - 1;
            if (segment.StartsWith('['))
            {
                var position = int.Parse(segment[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (isLast) node[position] = value;
                else node = node[position]!;
            }
            else if (isLast)
            {
                node[segment] = value;
            }
            else
            {
                node = node[segment]!;
            }
        }
    }
}
