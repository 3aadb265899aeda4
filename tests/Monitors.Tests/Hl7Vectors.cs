namespace TelemetryGateway.Monitors.Tests;

/// <summary>ORU^R01 messages restated from public test suites (segments joined with CR as HL7 sends them).</summary>
internal static class Hl7Vectors
{
    private static string Cr(params string[] segments) => string.Join('\r', segments) + "\r";

    /// <summary>IHE PCD TF example J.2, NIBP via a gateway. oehf/ipf @2328644e,
    /// commons/ihe/hl7v2ws/src/test/resources/pcd01/valid-pcd01-request.hl7v2 (Pcd01ValidatorTest.testMessageSectionJ2).</summary>
    public static readonly string PcdJ2Bp = Cr(
        "MSH|^~\\&|AcmeInc^ACDE48234567ABCD^EUI-64||||20090713090030+0500||ORU^R01^ORU_R01|MSGID1234|P|2.6|||NE|AL|||||IHE PCD ORU-R01 2006^HL7^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        "PID|||789567^^^Imaginary Hospital^PI||Doe^John^Joseph^^^^L^A|||M",
        "OBR|1|AB12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||20090813095715+0500",
        "OBX|1||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|1|||||||R|||||||0123456789ABCDEF^EUI-64",
        "OBX|2||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||R|||20090813095715+0500",
        "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|4|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|5|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||R");

    /// <summary>IHE PCD TF example E.11, ICU bedside monitor (sender OUI 08-00-19) via "AwareGateway". oehf/ipf @2328644e,
    /// commons/ihe/hl7v2ws/src/test/resources/pcd01/valid-pcd01-request2.hl7v2 (Pcd01ValidatorTest.testMessageSectionE11).</summary>
    public static readonly string PcdE11IcuMonitor = Cr(
        "MSH|^~\\&|HL7^080019FFFF4F6AC0^EUI-64|MMS|||20081211144500||ORU^R01^ORU_R01|12d15a9:11df9e61347:-7fee:30456965|P|2.6|20081211144500||NE|AL||8859/1|||IHE PCD ORU-R01 2006^HL7^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        "PID|||AB60001^^^A^PI||BROOKS^ALBERT^^^^^L",
        "PV1||E|3 WEST ICU^3001^1",
        "OBR|1|080019FFFF4F6AFE20081211144657^AwareGateway^080019FFFF4F6AC0^EUI-64|080019FFFF4F6AC020081211144657^AwareGateway^080019FFFF4F6AC0^EUI-64|126.169.95.2^2000^MDC|||20081211144500",
        "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.6.1.1|60|/min^/min^UCUM|||||R|||||||||",
        "OBX|2|NM|148065^MDC_ECG_V_P_C_CNT^MDC|1.6.1.2|0|/min^/min^UCUM|||||R|||||||||",
        "OBX|3|NM|150035^MDC_PRESS_BLD_ART_MEAN^MDC|1.3.1.1|92|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||",
        "OBX|4|NM|150033^MDC_PRESS_BLD_ART_SYS^MDC|1.3.1.2|120|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||",
        "OBX|5|NM|150034^MDC_PRESS_BLD_ART_DIA^MDC|1.3.1.3|80|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||",
        "OBX|6|NM|149522^MDC_BLD_PULS_RATE_INV^MDC|1.2.1.1|60|/min^/min^UCUM|||||R|||||||||",
        "OBX|7|NM|150047^MDC_PRESS_BLD_ART_PULM_MEAN^MDC|1.4.2.1|14|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||",
        "OBX|8|NM|150045^MDC_PRESS_BLD_ART_PULM_SYS^MDC|1.4.2.2|25|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||",
        "OBX|9|NM|150046^MDC_PRESS_BLD_ART_PULM_DIA^MDC|1.4.2.3|10|mm[Hg]^mm[Hg]^UCUM|||||R|||||||||");

    /// <summary>Every optional field populated, two OBR groups, NTE segments, OBX-11 C/D/F/S/U/X. oehf/ipf @2328644e,
    /// commons/ihe/hl7v2ws/src/test/resources/pcd01/valid-pcd01-MaximumRequest2.hl7 (QAPcd01*ValidatorTest).</summary>
    public static readonly string PcdMaximum = Cr(
        "MSH|^~\\&|AcmeInc^ACDE48234567ABCD^EUI-64|SendFac^1.2.3.4^ISO|ReceiveApp^1.2.3.5^ISO|ReceiveFac^1.2.3.6^ISO|20090713090030+0500||ORU^R01^ORU_R01|MSGID1234|P|2.6|1234||NE|AL|USA|8859/1|EN^English^ISO659||IHE PCD ORU-R01 2006^HL7^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        "PID|||111222333444^^^Imaginary Hospital&1.3.4.565&ISO^PI||Doe^John^Joseph^^^^L^A|Mustermann^^^^^^B|19770404|M||1002-5^American Indian|Kornstr 31^^Bremen^HB^28201^DE^H|CC|^PRN^PH^^^^123456||EN^English|M^Married|AGN^Agnostic|acc001^^^ACCOUNT^AN||1305708918|9494^^^HZLN&411.1&ISO^BR|U^Unknown|Umuahia|Y|1|NG^Naija|XX^Vietnam veteran|US^United States|20900404|N|N|UA|20110405|HZLNFacility^1.2.3^ISO|S^SpeciesCode|B^BreedCode|Strain|U^Production class code|IND^Indianer|",
        "PV1||I|B1||||||||||||||||72008190^^^HZLN^VN||||||||||||||||||||||||||||||||V",
        "OBR|1|AB12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||20090813095715+0500|20090813105715+0500",
        "NTE|1||This is another test message1|",
        "NTE|1||\"\"|",
        "OBX|1|NM|528391^MDC_DEV_SPEC_PROFILE_BP^MDC|1|80|mmHg^Unit|75 - 90|TEST|||R|||20090813095725+0500||Responsible^Observer^middleName|AMEAS^MDC|0123456789ABCDEF^EUI-64|20090813095725+0500|||||",
        "NTE|1||This is a third test message3|",
        "OBX|2||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||R|||20090813095715+0500",
        "NTE|1||This is a third test message|",
        "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|140|266016^MDC_DIM_MMHG^MDC|<120|QUES|||C|||20090813095725+0500||Family^first^middle|AMEAS^MDC~MMEAS^MDC|1305815835^123254BCD^0123456789ABCDEF^EUI-64~1305816209^254BDG^0123456789ABCDEF^EUI-64|20090813095725+0500|LA^Left arm||||",
        "OBX|4|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|70|266016^MDC_DIM_MMHG^MDC|75 - 90|EARLY~QUES|||D|||20090813095725+0500||||0123456789ABCDEF^EUI-64|20090813095725+0500|RA^Right arm||||",
        "NTE|1||This is a third test message|",
        "NTE|1||This is a third test message|",
        "OBX|5|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||F",
        "NTE|1||This is another test message|",
        "OBR|2|AB112233^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||20090813095715+0500|20090813105715+0500",
        "NTE|1||This is another test message1|",
        "NTE|1||This is another test message2|",
        "OBX|1||5283912^MDC_DEV_SPEC_PROFILE_BP^MDC|1|||||||P|||||||0123456789ABCDEF^EUI-64",
        "NTE|1||This is a third test message3|",
        "OBX|2||1500202^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||R|||20090813095715+0500",
        "NTE|1||This is a third test message|",
        "OBX|3|NM|1500212^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||S",
        "OBX|4|NM|1500212^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||U",
        "NTE|1||This is a third test message|",
        "OBX|5|NM|1500232^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||X",
        "NTE|1||This is another test message|");

    private const string WanHeader =
        "MSH|^~\\&|AcmeInc^ACDE48234567ABCD^EUI-64||||20090713090030+0000||ORU^R01^ORU_R01|MSGID1234|P|2.6|||NE|AL|||||IHE PCD ORU-R012006^HL7^2.16.840.1.113883.9.n.m^HL7";
    private const string WanPid = "PID|||789567^^^Imaginary Hospital^PI ||Doe^John^Joseph^^^^L^A|||M";
    private const string WanObr =
        "OBR|1|AB12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|CD12345^AcmeAHDInc^ACDE48234567ABCD^EUI-64|182777000^monitoring of patient^SNOMED-CT|||20090813095715+0000";

    /// <summary>Continua WAN pulse oximeter. oehf/ipf @2328644e, commons/ihe/hl7v2ws/src/test/resources/wan/valid-oximeter-continua-wan.hl7v2.</summary>
    public static readonly string WanOximeter = Cr(
        WanHeader, WanPid, WanObr,
        "OBX|1||528388^MDC_DEV_SPEC_PROFILE_PULS_OXIM^MDC|1|||||||X|||20090715070707+0000||||0123456789ABCDEF^EUI-64",
        "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.0.0.1|80.5|262688^MDC_DIM_PERCENT^MDC|||||R|||20090715070707+0000",
        "OBX|3|NA|150452^MDC_PULS_OXIM_PLETH^MDC|1.0.0.2|12^123^24^12^234^55^66^77^88^99|262656^MDC_DIM_DIMLESS^MDC|||||R|||20090715070707+0000");

    /// <summary>Continua WAN thermometer (98.6 °F oral). oehf/ipf @2328644e, commons/ihe/hl7v2ws/src/test/resources/wan/valid-thermometer-continua-wan.hl7v2.</summary>
    public static readonly string WanThermometer = Cr(
        WanHeader, WanPid, WanObr,
        "OBX|1||528392^MDC_DEV_SPEC_PROFILE_TEMP^MDC|1|||||||X|||||||0123456789ABCDEF^EUI-64",
        "OBX|2|NM|188424^MDC_TEMP_ORAL^MDC|1.0.0.1|98.6|266560^MDC_DIM_FAHR^MDC|||||R|||20090715070707+0000");

    /// <summary>Continua WAN blood pressure; the same text HAPI's MessageValidatorTest.testWithdrawnDatatype embeds
    /// (hapifhir/hapi-hl7v2 @43471df0) apart from PID-13. oehf/ipf @2328644e, .../wan/valid-bp-continua-wan.hl7v2.</summary>
    public static readonly string WanBp = Cr(
        WanHeader, WanPid, WanObr,
        "OBX|1|CWE|68220^MDC_TIME_SYNC_PROTOCOL^MDC|0.0.0.1|532224^MDC_TIME_SYNC_NONE^MDC|||||R",
        "OBX|2||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|1|||||||X|||||||0123456789ABCDEF^EUI-64",
        "OBX|3||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||X|||20090813095715+0000",
        "OBX|4|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|5|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|6|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.0.1.3|100|266016^MDC_DIM_MMHG^MDC|||||R",
        "OBX|7|DTM|67975^MDC_ATTR_TIME_ABS^MDC|1.0.0.1|20091028123702||||||R|||20091028173702+0000");

    /// <summary>Continua WAN glucose that validators must refuse: OBX 8–10 carry OBX-5 without OBX-2.
    /// oehf/ipf @2328644e, .../wan/invalid-glucose-continua-wan.hl7v2 (ContinuaWanValidatorTest.testInvalidGlucoseMessage).</summary>
    public static readonly string WanGlucoseInvalid = Cr(
        WanHeader, WanPid, WanObr,
        "OBX|1||528401^MDC_DEV_SPEC_PROFILE_GLUCOSE^MDC|1|||||||X|||||||0123456789ABCDEF^EUI-64",
        "OBX|2|NM|160184^MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD^MDC|1.0.0.1|37.5|264274^MDC_DIM_MILLI_G_PER_DL^MDC|||||R|||20090715070707+0000",
        "OBX|3|NM|8417760^MDC_CTXT_GLU_EXERCISE^MDC|1.0.0.2|12.5|262688^MDC_DIM_PERCENT^MDC|||||R|||20090715070707+0000",
        "OBX|4|NM|68185^MDC_ATTR_TIME_PD_MSMT_ACTIVE^MDC|1.0.0.2.1|12|264320^MDC_DIM_SEC^MDC|||||R|||20090715070707+0000",
        "OBX|5|NM|8417800^MDC_CTXT_MEDICATION_RAPIDACTING^MDC|1.0.0.3|25.3|263890^MDC_DIM_MILLI_G^MDC|||||R|||20090715070707+0000",
        "OBX|6|NM|8417768^MDC_CTXT_GLU_CARB_BREAKFAST^MDC|1.0.0.4|12|263872^MDC_DIM_G^MDC|||||R|||20090715070707+0000",
        "OBX|7|CWE|8417752^MDC_GLU_METER_DEV_STATUS^MDC|1.0.0.5|1^sensor-strip-insertion(3)||||||R|||20090715070707+0000",
        "OBX|8||8417844^MDC_CTXT_GLU_SAMPLELOCATION^MDC|1.0.0.6|8417848^MDC_CTXT_GLU_SAMPLELOCATION_FINGER^MDC||||||R|||20090715070707+0000",
        "OBX|9||8417884^MDC_CTXT_GLU_TESTER^MDC|1.0.0.7|8417888^MDC_CTXT_GLU_TESTER_SELF^MDC||||||R|||20090715070707+0000");

    /// <summary>Every valid vector, for the fuzz loop's seeds.</summary>
    public static IReadOnlyList<string> Valid => [PcdJ2Bp, PcdE11IcuMonitor, PcdMaximum, WanOximeter, WanThermometer, WanBp];
}
