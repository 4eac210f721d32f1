"""Every UI string, in Chinese and English, in one place. ``t(key, lang)`` looks one up.

``english_problems(text)`` is the rule for what English mode may show (no Chinese outside brackets,
no maintainer words); the unit and browser tests apply it to every English string.
"""

from __future__ import annotations

import re

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # general
    "undated": ("日期不详", "undated"),
    "report_error": ("报告错误", "report an error"),
    # the page bar: text size, share and print
    "large_text": ("长辈版(大字)", "Large text"),
    "copy_link": ("复制链接", "Copy link"),
    "link_copied": ("链接已复制,可以发给家人", "Link copied: send it to your family"),
    "link_to_copy": ("请复制这个链接:", "Copy this link:"),
    "print_page": ("打印", "Print"),
    "printed_on": ("打印日期", "Printed on"),
    "address_ignored": (
        "链接里的 {items} 不认识,已忽略,显示的是默认答案。",
        "{items} in the link is not known and was ignored: the usual answer is shown.",
    ),
    "sources": ("来源", "Sources"),
    "confidence": ("可信度", "Confidence"),
    "valid_from": ("生效日期", "In force from"),
    "region": ("地区", "Region"),
    "city_facts_title": ("我们对各城市所知", "What we know for each city"),
    "city_facts_answer": (
        "{on}:{cities}个城市 × {facts}项规则,其中{known}/{cells}项有出处可查;“—”表示尚未找到可靠来源。",
        "On {on}: {cities} cities × {facts} rules, {known} of {cells} known with a source; — means no reliable source was found yet.",
    ),
    "city_fact_unknown": ("尚未找到可靠来源", "No reliable source found yet"),
    "national": ("全国", "National"),
    "all": ("全部", "All"),
    "none_selected": ("(不限)", "(any)"),
    "no_rows": ("没有符合条件的结果。", "Nothing matches these choices."),
    # confidence levels
    "conf_high": ("高", "high"),
    "conf_medium": ("中", "medium"),
    "conf_low": ("低", "low"),
    "conf_unverified": ("未核实", "unverified"),
    # accounts
    "personal_account": ("个人账户", "Personal account"),
    "pooled_fund": ("统筹基金", "Pooled fund"),
    "out_of_pocket": ("个人现金支付", "Out of pocket"),
    "dimension": ("比较项", "Dimension"),
    # statuses and payers
    "status": ("参保身份", "Status"),
    "employee": ("在职职工", "In service"),
    "retiree": ("退休人员", "Retired"),
    "flexible": ("灵活就业", "Flexible worker"),
    "payer": ("资金来源", "Paid by"),
    "payer_employee": ("本人缴费", "own contribution"),
    "payer_employer": ("单位缴费", "employer contribution"),
    "payer_pooled_fund": ("统筹基金划入", "from the pooled fund"),
    # amounts as people type them (yibao.data.inputs.parse_amount)
    "amount_invalid": (
        "看不懂“{text}”:请输入金额,例如 8000、8000.5 或 1.2万。",
        "“{text}” is not an amount: type a number such as 8000, 8000.5 or 12,000 (1.2万).",
    ),
    "amount_range": ("请输入 0 至 {high} 元之间的金额。", "Type an amount from 0 to ¥{high}."),
    # credit calculator
    "wage_base": ("月工资(缴费基数,元)", "Monthly wage (contribution base, ¥)"),
    "wage_before_tax": ("税前月工资(元)", "Monthly wage before tax (¥)"),
    "tier": ("参保档次", "Tier"),
    "years_met_question": ("退休时已达到当地最低缴费年限?", "Had the local minimum contribution years at retirement?"),
    "years_yes": ("已达到", "Yes"),
    "years_no": ("还没达到", "Not yet"),
    "years_unsure": ("不清楚", "Not sure"),
    "headline_keep_paying": ("暂无退休人员划入:需继续缴费", "No retiree credit yet: keep paying"),
    "clamped_floor": ("按缴费基数下限 ¥{limit} 计算", "counted at the base floor ¥{limit}"),
    "clamped_ceiling": ("按缴费基数上限 ¥{limit} 计算", "counted at the base ceiling ¥{limit}"),
    "base_limits": ("缴费基数上下限", "Contribution base floor and ceiling"),
    "base_floor_used": (
        "你填的月工资 ¥{wage} 低于{region}的缴费基数下限,按下限 ¥{limit} 计算",
        "Your monthly wage of ¥{wage} is below {region}'s contribution-base floor, so the floor of ¥{limit} is used",
    ),
    "base_ceiling_used": (
        "你填的月工资 ¥{wage} 高于{region}的缴费基数上限,按上限 ¥{limit} 计算",
        "Your monthly wage of ¥{wage} is above {region}'s contribution-base ceiling, so the ceiling of ¥{limit} is used",
    ),
    "base_within": (
        "缴费基数按你填的月工资 ¥{wage} 计算(在{region}的下限 ¥{floor} 与上限 ¥{ceiling} 之间)",
        "Your monthly wage of ¥{wage} is the contribution base (between {region}'s floor of ¥{floor} and ceiling of ¥{ceiling})",
    ),
    "base_unknown": (
        "{region}{on}适用的缴费基数上下限未知,按你填的月工资 ¥{wage} 计算",
        "{region}'s contribution-base floor and ceiling on {on} are not known, so your monthly wage of ¥{wage} is used as the base",
    ),
    "base_national": (
        "全国没有统一的缴费基数上下限(由各地规定),按你填的月工资 ¥{wage} 计算",
        "There is no national floor or ceiling for the contribution base (each city sets its own), "
        "so your monthly wage of ¥{wage} is used as the base",
    ),
    "tier_answer": ("{tier}{answer}", "{tier}: {answer}"),
    "tier_account_yes": ("有个人账户", "has a personal account"),
    "tier_account_no": ("没有个人账户", "no personal account"),
    "tiers_differ": (
        "{region}不同参保档次的个人账户不同({tiers});没有选择档次时,按有个人账户的档次计算",
        "In {region} the personal account depends on the tier ({tiers}); with no tier chosen, the tier with an account is used",
    ),
    "years_not_met": (
        "还没有达到当地最低缴费年限:退休后要继续缴费,直到满足年限;在此之前没有退休人员的个人账户划入",
        "You have not reached the local minimum contribution years: you keep paying after retirement until you do, "
        "and until then there is no retiree credit to your account",
    ),
    "years_unknown_here": ("{region}的最低缴费年限未知", "{region}'s minimum contribution years are not known"),
    "years_assumed": (
        "以上假定你退休时已达到当地最低缴费年限;没有达到的,要继续缴费,暂时没有退休人员的划入",
        "This assumes you had the local minimum contribution years at retirement; if not, you keep paying and get no retiree credit yet",
    ),
    "pension": ("本人养老金(元/月)", "Own pension (¥/month)"),
    "age": ("年龄", "Age"),
    "retirement_year": ("退休年份(选填)", "Year you retired (optional)"),
    "retirement_year_note": (
        "没有填写退休年份,住院费用按较晚退休的人的规定计算;下面写明了每个金额适用于谁:",
        "No retirement year given: hospital stays are computed with the rule for later retirees; below, each amount and whom it is for:",
    ),
    "city": ("城市", "City"),
    "date": ("日期", "Date"),
    "credit_headline": ("每月划入 ¥{amount}", "¥{amount} a month into your account"),
    "credit_headline_yearly": (
        "每年{date}一次划入 ¥{yearly}(折合每月 ¥{amount})",
        "¥{yearly} credited once a year on {date} (¥{amount} a month on average)",
    ),
    "credit_headline_mixed": (
        "折合每月 ¥{amount},其中 ¥{yearly} 每年{date}一次划入",
        "¥{amount} a month on average, of which ¥{yearly} is credited once a year on {date}",
    ),
    "per_month": ("每月", "per month"),
    "rule_and_sources": ("适用规则与来源", "Rule and sources"),
    "yearly_credit": ("每年{date}一次性划入 {amount} 元", "credited once a year on {date}: ¥{amount}"),
    "rule_applied": ("适用规则", "Rule applied"),
    "before_reform": ("改革前", "before the reform"),
    "after_reform": ("改革后", "after the reform"),
    "reform_on": ("当地改革日期:{date}", "local reform date: {date}"),
    "why_needs_age": ("该规则按年龄段划入,请提供年龄(age)。", "this rule depends on age: pass age"),
    "why_needs_pension": ("该规则按本人养老金计算,请提供养老金(pension)。", "this rule is a share of your pension: pass pension (¥/month)"),
    "why_local_average_pension": (
        "每月金额是当地基本养老金平均水平的一个百分比,这个平均水平的官方数值没有找到,所以无法计算。",
        "the monthly amount is a share of the local average basic pension, and no official figure for that average was found,"
        " so it cannot be computed",
    ),
    "why_local_average_wage": (
        "每月金额是当地职工平均工资的一个百分比,这个平均工资的官方数值没有收录,所以无法计算。",
        "the monthly amount is a share of the local average wage, and that average is not recorded here, so it cannot be computed",
    ),
    "why_not_recorded": ("无法计算金额。", "so the amount cannot be computed"),
    "why_needs_wage_base": (
        "该规则按缴费基数计算,请提供缴费基数(wage_base)。",
        "this rule is a share of your contribution base: pass wage_base (¥/month)",
    ),
    "why_missing": (
        "{what_zh}:{region_zh}{status_zh}{on}适用的规定未查到,无法计算。",
        "{what_en} for {region_en} ({status_en}) on {on} is unknown, so this cannot be computed",
    ),
    "why_unknown_value": ("因此无法计算。", "so this cannot be computed"),
    "why_deductible_basis": (
        "起付线是每次住院都要付还是每年只付一次尚未查明,无法计算。",
        "whether this deductible is paid at every stay or once a year is not known, so it cannot be computed",
    ),
    "why_rate_band": (
        "这个比例只适用于一年内住院费用{limit}元以内的部分,更高费用段的比例还不能计算。",
        "this rate applies to a year's hospital costs up to {limit} yuan only; the rates of the higher cost bands cannot be computed yet",
    ),
    "why_needs_level": (
        "{what_zh}按医院级别规定,请为这笔费用注明医院级别。",
        "{what_en} depends on the hospital level: give the level for this bill",
    ),
    "why_outpatient_level": (
        "只有基层(社区、一级)医疗机构的门诊报销比例,{level_zh}的比例未查到,无法计算。",
        "only the outpatient rate at primary-care (community, level-1) institutions is known; the rate at a {level_en} is unknown",
    ),
    "what_min_contribution_years": ("退休人员最低缴费年限", "The minimum contribution years for retirees"),
    "what_outpatient_deductible": ("门诊起付线", "The outpatient deductible"),
    "what_outpatient_rate": ("门诊报销比例", "The outpatient reimbursement rate"),
    "what_outpatient_cap": ("门诊统筹年度限额", "The yearly outpatient cap"),
    "what_pooled_annual_cap": ("统筹基金年度最高支付限额", "The pooled fund's yearly maximum"),
    "what_inpatient_deductible": ("住院起付线", "The inpatient deductible"),
    "what_inpatient_rate": ("住院报销比例", "The inpatient reimbursement rate"),
    "what_large_amount_rate": ("年度最高支付限额以上的大额(大病)支付比例", "The share paid above the pooled fund's yearly maximum"),
    "what_large_amount_cap": ("大额(大病)支付的年度上限", "The yearly limit of the layer above the maximum"),
    "what_outpatient_draw_order": ("门诊费用的支付顺序", "The order in which a clinic bill is paid"),
    "what_inpatient_draw_order": ("住院费用的支付顺序", "The order in which a hospital bill is paid"),
    "what_pharmacy_draw_order": ("药店购药的支付方式", "How a pharmacy purchase is paid"),
    # year of care
    "care_outpatient": ("门诊", "clinic visit"),
    "care_inpatient": ("住院", "hospital stay"),
    "care_pharmacy": ("药店购药", "pharmacy purchase"),
    "level_community": ("社区卫生服务机构", "community health centre"),
    "level_level1": ("一级医院", "level-1 hospital"),
    "level_level2": ("二级医院", "level-2 hospital"),
    "level_level3": ("三级医院", "level-3 hospital"),
    "level_any": ("未注明级别的医院", "hospital of unstated level"),
    "rules_actual": ("按当时的规定", "Rules in force on each date"),
    "rules_before_reform": ("按改革前的规定", "Rules before the reform"),
    "rules_after_reform": ("按改革后的规定", "Rules after the reform"),
    "reform_better": (
        "同样的就医情况,按改革后的规定,年底个人账户余额减去自付费用比改革前多{amount}元。",
        "For the same care, after the reform your year-end balance minus what you paid yourself is ¥{amount} higher than before it.",
    ),
    "reform_worse": (
        "同样的就医情况,按改革后的规定,年底个人账户余额减去自付费用比改革前少{amount}元。",
        "For the same care, after the reform your year-end balance minus what you paid yourself is ¥{amount} lower than before it.",
    ),
    "reform_same": (
        "同样的就医情况,改革前后年底个人账户余额减去自付费用相同。",
        "For the same care, your year-end balance minus what you paid yourself is the same before and after the reform.",
    ),
    "year": ("年份", "Year"),
    "year_bad_events": ("一年最多记{most}笔费用。", "A year holds at most {most} bills."),
    "year_bad_date": ("第{n}笔费用的日期不在{year}年内。", "Bill {n}: the date is not in {year}."),
    "year_bad_amount": ("第{n}笔费用的金额须在0至{high}元之间。", "Bill {n}: the amount must be from ¥0 to ¥{high}."),
    "year_bad_wage_base": ("缴费基数须在0至{high}元之间。", "The contribution base must be from ¥0 to ¥{high}."),
    "year_bad_pension": ("养老金须在0至{high}元之间。", "The pension must be from ¥0 to ¥{high}."),
    "year_bad_opening_balance": ("年初余额须在0至{high}元之间。", "The opening balance must be from ¥0 to ¥{high}."),
    "year_bad_age": ("年龄须是{low}至{high}之间的整数。", "The age must be a whole number from {low} to {high}."),
    "year_bad_retirement_year": ("退休年份须是{low}至{high}之间的年份。", "The retirement year must be a year from {low} to {high}."),
    "start_from": ("从示例开始", "Start from"),
    "preset_custom": ("我自己添加的费用", "My own bills"),
    "rule_set": ("按哪套规定计算", "Rules"),
    "add_or_remove": ("添加或删除费用", "Add or remove bills"),
    "bill_kind": ("费用类型", "Kind of bill"),
    "bill_amount": ("金额(元)", "Amount (¥)"),
    "hospital_level": ("医院级别", "Hospital level"),
    "add_bill": ("添加这笔费用", "Add this bill"),
    "remove_bill": ("删除", "Remove"),
    "remove_bill_named": ("删除第{number}笔费用:{date} {kind} {amount}", "Remove bill {number}: {date}, {kind}, {amount}"),
    "clear_bills": ("全部清空", "Remove all"),
    "date_outside_year": ("日期必须在{year}年内。", "The date must be in {year}."),
    "year_answer": (
        "{year}年看病共花 ¥{bill}:统筹基金付 ¥{fund},个人账户付 ¥{account},你自己付 ¥{pocket}。",
        "Care in {year} cost ¥{bill}: the pooled fund paid ¥{fund}, your personal account ¥{account}, "
        "and you ¥{pocket}.",
    ),
    "year_answer_partial": (
        "{year}年看病已算出的费用共 ¥{bill}(不含按现有资料无法计算的{left_out},共 ¥{left_amount}):"
        "统筹基金付 ¥{fund},个人账户付 ¥{account},你自己付 ¥{pocket}。",
        "Care in {year} cost ¥{bill}, not counting {left_out} (¥{left_amount}) that the rules found so far cannot "
        "compute: the pooled fund paid ¥{fund}, your personal account ¥{account}, and you ¥{pocket}.",
    ),
    "bills_outpatient_one": ("{count}次门诊", "{count} clinic visit"),
    "bills_outpatient_many": ("{count}次门诊", "{count} clinic visits"),
    "bills_inpatient_one": ("{count}次住院", "{count} hospital stay"),
    "bills_inpatient_many": ("{count}次住院", "{count} hospital stays"),
    "bills_pharmacy_one": ("{count}次药店购药", "{count} pharmacy purchase"),
    "bills_pharmacy_many": ("{count}次药店购药", "{count} pharmacy purchases"),
    "rules_used": ("这一年用到的规定与来源", "Rules used this year, with sources"),
    "year_balance": (
        "全年划入个人账户 ¥{credits};年底个人账户余额 ¥{closing}",
        "Credited to your personal account in the year: ¥{credits}; balance at year end: ¥{closing}",
    ),
    "no_bills": (
        "还没有费用:请选一个示例,或在下面添加门诊、药店购药或住院。",
        "No bills yet: pick an example, or add a clinic visit, a pharmacy purchase or a hospital stay below.",
    ),
    "not_computed_note": (
        "{count}笔费用(共 ¥{amount})按现有资料无法计算,没有计入上面的合计:",
        "Left out of the totals above, because the rules found so far cannot compute them: {count} of the bills, ¥{amount} in all.",
    ),
    "year_caveat": (
        "这是按本页收录的规定做的估算:乙类药品先行自付、目录外费用和门诊慢特病待遇都没有计入,实际金额以医保结算为准。",
        "An estimate from the rules shown here: co-payments on class-B drugs, items outside the catalogue and special rules "
        "for chronic conditions are not counted; what your insurer settles is what counts.",
    ),
    "bills_heading": ("每笔费用由谁付", "Who pays each bill"),
    "deductible_left": ("剩余起付线 ¥{amount}", "deductible left: ¥{amount}"),
    "cap_left": ("剩余年度限额 ¥{amount}", "yearly cap left: ¥{amount}"),
    "balance_after": ("付款后个人账户余额 ¥{amount}", "personal balance afterwards: ¥{amount}"),
    "large_amount_part": (
        "其中年度最高支付限额以上的大额(大病)支付 ¥{amount}",
        "of which paid above the pooled fund's yearly maximum: ¥{amount}",
    ),
    "compare_heading": ("改革前后对比(同样的费用)", "Before and after the reform (the same bills)"),
    "compare_impossible": ("无法对比改革前后:", "The comparison cannot be computed: "),
    "compare_left_out": (
        "{count}笔费用在改革前或改革后的规定下无法计算,两边都没有计入",
        "Left out of both sides, because the rules before or after the reform cannot compute them: {count} of the bills",
    ),
    "no_reform_date": (
        "未收录{city}的改革日期,无法对比改革前后。",
        "No reform date is recorded for {city}, so before and after cannot be compared.",
    ),
    "why_no_rule": (
        "未收录{region}({status}){on}适用的个人账户划入规则;已收录规则的起始日期:{periods}",
        "no personal-account crediting rule recorded for {region} ({status}) on {on}; rules recorded from: {periods}",
    ),
    # projection / chart
    "months": ("月数", "Months"),
    "spend": ("每月个人账户支出(元)", "Personal-account spending (¥/month)"),
    "outpatient_cost": ("每月门诊费用(元)", "Outpatient costs (¥/month)"),
    "stop_month": ("第几个月起停缴(0 = 不停缴)", "Stop contributing from month (0 = never)"),
    "opening_balance": ("期初余额(元)", "Opening balance (¥)"),
    "start": ("开始月份", "Start month"),
    "chart_title": ("个人账户余额与门诊统筹额度", "Personal balance and pooled outpatient quota"),
    "chart_balance": ("个人账户余额(逐年结转,不清零)", "Personal balance (carries over, never resets)"),
    "chart_quota": ("门诊统筹剩余额度(每个医保年度重置)", "Pooled outpatient quota left (resets each benefit year)"),
    "chart_stop": ("停缴", "contributions stop"),
    "chart_yuan": ("元", "¥"),
    "chart_no_cap": ("该地区门诊统筹不设年度限额", "no annual outpatient cap in this region"),
    "chart_quota_unknown": ("该地区/日期的门诊统筹限额未收录", "outpatient cap not recorded for this region/date"),
    # channels
    "mode": ("查询方式", "Mode"),
    "mode_online": ("线上", "Online"),
    "mode_offline": ("线下(无需网络)", "Offline (no internet)"),
    "shows": ("可查内容", "Shows"),
    "avoid_needs": ("我没有 / 不想用", "I don't have / want to avoid"),
    "needs": ("需要", "Needs"),
    "steps": ("步骤", "Steps"),
    "caveats": ("注意", "Caveats"),
    "channel": ("渠道", "Channel"),
    "pick_channel": ("查看步骤", "Show steps for"),
    "status_current": ("现行", "current"),
    "status_outdated": ("已过时", "outdated"),
    "status_misleading": ("易误导", "misleading"),
    "shows_personal_balance": ("个人账户余额", "personal balance"),
    "shows_transactions": ("消费明细", "transactions"),
    "shows_pooled_quota": ("门诊统筹额度", "pooled outpatient quota"),
    "shows_contributions": ("缴费记录", "contributions"),
    "shows_family_sharing": ("家庭共济", "family sharing"),
    "shows_bank_balance": ("银行(金融)账户余额", "bank (financial) account balance"),
    "needs_id_card": ("身份证", "ID card"),
    "needs_ss_card": ("社保卡", "social-security card"),
    "needs_password": ("密码", "password"),
    "needs_face_recognition": ("人脸识别", "face recognition"),
    "needs_real_name": ("实名认证", "real-name registration"),
    "needs_phone_number": ("手机号", "phone number"),
    "needs_e_credential": ("医保电子凭证", "medical-insurance e-credential"),
    "needs_smartphone": ("智能手机", "smartphone"),
    "kind_app": ("手机App", "app"),
    "kind_website": ("网站", "website"),
    "kind_mini_program": ("小程序", "mini program"),
    "kind_phone": ("电话", "phone"),
    "kind_counter": ("窗口", "counter"),
    "kind_terminal": ("自助终端", "self-service terminal"),
    "kind_pharmacy": ("药店", "pharmacy"),
    "kind_hospital": ("医院", "hospital"),
    "kind_bank": ("银行", "bank"),
    "kind_wechat_account": ("公众号", "WeChat account"),
    "kind": ("类型", "Kind"),
    # withdrawal
    "scenario": ("情形", "Situation"),
    "verdict": ("结论", "Verdict"),
    "verdict_allowed": ("可以提取", "Can be withdrawn"),
    "verdict_regional": ("视地区而定", "Depends on the region"),
    "verdict_not_allowed": ("不能提取", "Cannot be withdrawn"),
    "who_may_apply": ("谁可以申请", "Who may apply"),
    "documents": ("需要的材料", "Documents to bring"),
    "after_effects": ("办理之后", "What happens afterwards"),
    "warnings": ("提醒", "Warnings"),
    "summary": ("说明", "Summary"),
    "nobody": ("无人可申请", "Nobody"),
    "none_listed": ("(无)", "(none)"),
    "region_any": ("不指定城市(全国规则)", "No city (national rule)"),
    "local_rules_in": ("以下城市有地方规定,可在②中选择:{cities}", "These cities have local rules (choose one in ②): {cities}"),
    "national_rule_shown": (
        "未收录{region}的专门规定,以下为全国层面的说明。",
        "No rule specific to {region} is recorded; the national picture is shown.",
    ),
    "local_rule_shown": ("以下为{region}的地方规定(全国结论:{verdict})。", "Local rule for {region} (national verdict: {verdict})."),
    # myths
    "seed": ("来源文章", "Web article"),
    "claim": ("说法", "Claim"),
    "correction": ("更正", "Correction"),
    "topic": ("主题", "Topic"),
    "verdict_correct": ("正确", "correct"),
    "verdict_outdated": ("已过时", "outdated"),
    "verdict_wrong": ("错误", "wrong"),
    "verdict_misleading": ("易误导", "misleading"),
    "item": ("项目", "Item"),
    "applies_to": ("适用于", "Applies to"),
    "applies_fund": ("医保基金(统筹)", "the fund (pooled)"),
    "applies_personal_account": ("个人账户", "personal account"),
    "applies_both": ("两者", "both"),
    "np_status": ("依据", "Basis"),
    "np_law": ("现行法规", "current law"),
    "np_local_rule": ("地方规定", "local rule"),
    "np_seed_only": ("仅见于网文", "web article only"),
    "exception": ("例外", "Exception"),
    "family_sharing": ("家庭共济", "Family sharing"),
    "description": ("说明", "Description"),
    # who has a personal account
    "account_yes": ("有个人账户", "Has a personal account"),
    "account_no": ("没有个人账户", "No personal account"),
    "account_depends": ("要看城市和参保档次", "Depends on the city and tier"),
    # the home page: who is asking, and the question finder
    "triage_question": ("你参加的是哪种医保?", "Which insurance are you in?"),
    "triage_applies": ("对你适用的", "What applies to you"),
    "triage_not_applies": ("对你不适用的", "What does not apply to you"),
    "triage_steps": ("怎样确认", "How to find out"),
    "triage_pages": ("接着看这些页面", "Pages for you"),
    "triage_skip_pages": ("这些页面讲的是个人账户,不适用于你", "These pages are about the personal account and do not apply to you"),
    "triage_pick": ("选一项,看看哪些内容适用于你。", "Pick one to see what applies to you."),
    "page_00_start_here": ("从这里开始", "Start here"),
    "page_01_accounts": ("两个账户", "The two accounts"),
    "page_02_channels": ("查询渠道", "Channels"),
    "page_03_withdrawal": ("能否提取", "Withdrawal"),
    "page_04_myths": ("网上说法核对", "Myths"),
    "page_05_family": ("家庭共济与医保钱包", "Family sharing and the wallet"),
    "page_06_year_of_care": ("一年看病", "A year of care"),
    "finder_query": ("搜索常见问题", "Search common questions"),
    "finder_placeholder": ("例如:我妈走了,卡里的钱怎么取?", "e.g. My mother died: how do we get the money on her card?"),
    "finder_hint": ("输入你的问题,或选一个主题。", "Type your question, or pick a topic."),
    "finder_none": ("没有找到相关的问题。换个说法试试,或选一个主题。", "No matching question. Try other words, or pick a topic."),
    "finder_weak_title": ("可能相关", "Possibly related"),
    "finder_weak": (
        "没有找到直接回答这个问题的答案,下面的问题可能相关。",
        "No direct answer to this question was found; these may be related.",
    ),
    "finder_scope": ("这个说明只讲医保(医疗保险)。", "This explainer covers medical insurance (医保) only."),
    "see_also": ("详见", "More on"),
    # family options
    "fo_option": ("办法", "Option"),
    "fo_what": ("是什么", "What it is"),
    "fo_who": ("谁能用", "Who can use it"),
    "fo_how": ("怎么办理", "How"),
    "fo_limits": ("限制", "Limits"),
    "fo_availability": ("哪里能用", "Where it is available"),
    "money_moves_yes": ("涉及钱", "Money moves"),
    "money_moves_no": ("不涉及钱", "No money moves"),
    # results shown in a notebook (yibao.data.display)
    "card_credit": ("每月划入个人账户", "Monthly credit to the personal account"),
    "card_per_month": ("每月 ¥{amount}", "¥{amount} a month"),
    "card_no_account": ("这一档没有个人账户,不划入", "This tier has no personal account: nothing is credited"),
    "card_wage_used": ("计算用的缴费基数", "Contribution base used"),
    "card_projection": ("个人账户余额推算", "Personal balance projection"),
    "card_projection_answer": (
        "{months}个月后余额 ¥{balance},其间共划入 ¥{credited}",
        "Balance after {months} months: ¥{balance}, with ¥{credited} credited",
    ),
    "card_year": ("{year}年看病", "A year of care, {year}"),
    "card_year_answer": (
        "共花 ¥{bill}:统筹基金付 ¥{pooled},个人账户付 ¥{account},自付 ¥{own};年底余额 ¥{balance}",
        "¥{bill} spent: the pooled fund paid ¥{pooled}, the personal account ¥{account}, you ¥{own}; balance at year end ¥{balance}",
    ),
    "card_not_counted": ("(未计入 {count} 笔无法计算的费用)", " (not counting {count} bill(s) that cannot be computed)"),
    "card_reform": ("改革前后对比", "Before and after the reform"),
    "card_account": ("有没有个人账户", "Is there a personal account?"),
    "card_finder": ("常见问题", "Common questions"),
    "card_finder_none": ("没有找到相关的问题", "No matching question"),
    # citations
    "publisher_in_chinese": ("{name}", "Chinese source ({name})"),
}

#: Words that belong in ``research_note`` (or in code), never in text the app shows.
MAINTAINER_WORDS = (
    "种子文章",
    "seed",
    "未存储",
    "not stored",
    "valid_from",
    "valid_to",
    "research_note",
    "source_ids",
    "见改革前各行",
    "not recorded in the sources found",
    ".txt",
    ".csv",
    "本行",
    "this row",
    "各行",
    "全国行",
    "national rows",
    "占位",
    "placeholder",
    "descriptive title",
)
MAINTAINER_PATTERN = re.compile("|".join(re.escape(w) for w in MAINTAINER_WORDS), re.IGNORECASE)

#: Han characters, and Chinese punctuation that has no place in an English sentence.
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001\u3002\uff0c\uff1a\uff1b\uff01\uff1f\u300a\u300b\u3010\u3011]")
#: Document numbers are names: 国办发〔2021〕14号, 医保办发〔2021〕43号, 国务院令第735号.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}(?:〔\d{4}〕\d+号|令第\d+号)")
_OPEN, _CLOSE = "(（", ")）"
#: What may come right before a bracket holding Chinese: the end of an English word, number or quote.
_ENGLISH_END = re.compile(r"[A-Za-z0-9.'’\"”)\]]\s*$")


def english_problems(text: str) -> list[str]:
    """What is wrong with ``text`` shown in English mode; empty when nothing is.

    Chinese may appear only inside brackets right after an English phrase ("Medical Insurance
    Bureau (医保局)") or as a document number (国办发〔2021〕14号); maintainer words
    (:data:`MAINTAINER_WORDS`) never. Text meant to be Chinese in an English page (the 中文 button,
    an article's own words, the bilingual markdown's Chinese) is marked ``lang="zh…"`` and not
    passed here.
    """
    problems = [f"maintainer word {m.group(0)!r} in {text!r}" for m in MAINTAINER_PATTERN.finditer(text)]
    outside = list(DOCUMENT_NUMBER.sub(lambda m: " " * len(m.group(0)), text))
    depth, allowed = 0, False
    for i, char in enumerate(text):
        if char in _OPEN:
            if depth == 0:
                allowed = bool(_ENGLISH_END.search(text[:i]))
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif depth and allowed:
            outside[i] = " "
    left = "".join(outside)
    for match in re.finditer(f"{CHINESE.pattern}+", left):
        start, end = max(match.start() - 20, 0), match.end() + 20
        problems.append(f"Chinese {match.group(0)!r} outside brackets after English in {text[start:end]!r}")
    return problems


def t(key: str, lang: str = "zh", **fields: object) -> str:
    """The UI string ``key`` in ``lang`` (``"zh"`` or ``"en"``), formatted with ``fields``."""
    check_lang(lang)
    text = STRINGS[key][LANGS.index(lang)]
    return text.format(**fields) if fields else text


def labels(prefix: str, key: str, **fields: object) -> dict[str, str]:
    """``{prefix_zh: …, prefix_en: …}``: the UI string ``key`` in both languages, for JSON-ready records."""
    return {f"{prefix}_{lang}": t(key, lang, **fields) for lang in LANGS}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang
