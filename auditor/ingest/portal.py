"""Government-portal page furniture: what to strip from the body and what metadata it carries.

Text copied or saved from a portal page arrives wrapped in breadcrumbs, metadata blocks
(索引号 / 发布机构 / 成文日期 …, in four layouts: "键：值", "- 键：值", pipe tables and
alternating "• 键" / "• 值" lines), font-size and print controls, share widgets, date widgets
and site footers (real-report survey 1.2–1.3).
"""

from __future__ import annotations

import re
from ..cues import compile_cue
from ..model import record
from ..textutil import fold

# Metadata keys as printed (spaces inside keys such as 索 引 号 are removed first).
_KEY_GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "名称", "文件名称", "题名", "信息名称", "公文标题"),
    "index": ("索引号", "信息索引号"),
    "organ": ("发布机构", "发文机关", "发文机构", "发布单位", "发文单位", "制发机关", "所属机构", "信息来源",
              "来源", "文章来源", "责任部门", "发布部门", "成文单位"),
    "written": ("成文日期", "成文时间", "发文日期", "发文时间", "公文生成日期", "生成日期", "印发日期",
                "签发日期"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间", "更新时间", "更新日期", "日期", "时间",
                  "发表时间", "上线时间"),
    "other": ("主题分类", "主题词", "分类", "组配分类", "体裁分类", "服务对象分类", "文号", "发文字号", "文件编号",
              "有效性", "效力状态", "时效", "是否有效", "公开方式", "公开范围", "作者", "浏览次数", "浏览量",
              "点击率", "点击数", "点击量", "阅读次数", "阅读量", "访问次数", "阅读人次", "浏览人次", "签发人",
              "废止日期", "生效日期", "实施日期", "关键词", "责任编辑", "编辑", "审核", "校对", "字号",
              "内容概述", "内容摘要", "摘要", "信息类别", "公开形式", "公开时限"),
}
KEY_FIELD: dict[str, str] = {key: group for group, keys in _KEY_GROUPS.items() for key in keys}
_KEYS_ALT = "|".join(sorted(KEY_FIELD, key=len, reverse=True))
_SPACED_KEY = "|".join(r"\s*".join(map(re.escape, key)) for key in sorted(KEY_FIELD, key=len, reverse=True))

# "键：值" anywhere in a line; values run to the next key.
_KV_RE = re.compile(rf"(?<![\u4e00-\u9fff])(?P<key>{_SPACED_KEY})\s*[:：]\s*")
_BULLET_RE = re.compile(r"^[\s\-•·*●○◆■□►▪|]+")
_KEY_ONLY_RE = re.compile(rf"^(?:{_SPACED_KEY})\s*[:：]?$")

# Lines made only of page controls are junk (font size, print, close, share …).
_CONTROL_WORDS = (
    "字号", "字体", "字體", "字號", "字体大小", "默认", "大", "中", "小", "打印本页", "打印文本", "打印此页", "打印",
    "关闭窗口", "关闭本页", "关闭", "收藏本页", "收藏", "分享到", "分享", "保存", "返回顶部", "返回首页", "返回",
    "顶部", "我要纠错", "纠错", "无障碍浏览", "无障碍", "简体", "繁体", "繁體", "长者模式", "关怀版", "视力保护色",
    "正文", "【", "】", "[", "]", "|", ":", "：", "(", ")", "（", "）", "X", "x", "×", "微信", "微博", "QQ空间",
    "QQ", "朋友圈", "新浪微博", "腾讯微博", "复制链接", "转发", "点赞", "下载", "PDF", "WORD", "Word", "分享至",
    "加入收藏", "设为首页", "登录", "注册", "搜索", "English", "手机版", "邮箱", "信息公开", "政务公开", "首页",
)
_CONTROL_RE = re.compile("|".join(re.escape(w) for w in sorted(_CONTROL_WORDS, key=len, reverse=True)))

_JUNK_PATTERNS = [
    ("breadcrumb", re.compile(r"^(?:当前位置|您(?:现在)?的位置|您所在的?位置|您当前的?位置|你的位置|你当前的位置|所在位置|位置)\s*[:：]")),
    ("breadcrumb", re.compile(r"首页\s*(?:[>›»→/\\]|&gt;)|(?:[>›»]\s*){1}(?:正文|详情|文章)\s*$")),
    ("date widget", re.compile(r"今天是|星期[一二三四五六日天]|农历")),
    ("share", re.compile(r"^分享到|扫一扫|手机(?:上)?(?:打开|浏览|阅读)|在手机打开|微信扫|二维码")),
    ("browser", re.compile(r"浏览器|分辨率|IE\d|推荐使用|建议使用")),
    ("footer", re.compile(r"^(?:主办单位|承办单位|主办|承办|协办|运维单位|运行维护|技术支持|网站标识码|网站识别码|版权所有|Copyright|copyright|©|联系我们|网站地图|联系方式|联系电话|联系地址|地址\s*[:：]|邮编|邮政编码|传真|电子邮箱|E-?mail)")),
    ("footer", re.compile(r"ICP备|ICP证|公网安备|备案序号|备案号|网站标识")),
    ("navigation", re.compile(r"^(?:上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读|相关文件|相关新闻|相关稿件|延伸阅读|热点推荐|推荐阅读|附件下载)\s*[:：]?")),
    ("counter", re.compile(r"^(?:浏览次数|浏览量|阅读次数|阅读量|点击率|点击数|访问量|访问次数|阅读人次)\s*[:：]")),
    ("editor", re.compile(r"^[【\[(（]?\s*(?:责任编辑|编辑|审核|校对|供稿|来源)\s*[:：][^。]{0,30}[】\])）]?$")),
    ("template chrome", re.compile(r"下面是小编|小编为大家|此处隐藏|VIP会员|会员可见|全文共\d+字|仅展示\d+字|开头部分已省略|珍藏版|文档贡献者|本文档|免费下载|下载文档")),
]

# One pass over a line first: most lines are report text and match none of the patterns.
_ANY_JUNK_RE = compile_cue("|".join(f"(?:{rx.pattern})" for _, rx in _JUNK_PATTERNS))

_ORGAN_SUFFIX = (r"(?:人民政府|政府办公室|政府|管理委员会|管委会|委员会|党工委|工委|党委|党组|办事处|街道办|街道"
                 r"|司法局|分局|局|厅|署|部|委|办公室|办|院|中心|镇|乡|区|县|市|省|自治区|公司|所|站|队|处)")
ORGAN_RE = re.compile(rf"{_ORGAN_SUFFIX}$")


@record
class MetaPair:
    field: str  # title, organ, written, published, index, other
    key: str
    value: str


_SEPARATORS_RE = re.compile(r"[\s\-_/·•|,，.。、>＞<]+")
# Every character of a controls-only line is in a control word or a separator (or a space).
_CONTROL_CHARS = frozenset("".join(_CONTROL_WORDS) + "-_/·•|,，.。、>＞<")


def is_controls_only(text: str) -> bool:
    folded = fold(text)
    if any(not ch.isspace() for ch in set(folded) - _CONTROL_CHARS):
        return False
    rest = _SEPARATORS_RE.sub("", _CONTROL_RE.sub("", folded))
    return rest == "" and len(folded.strip()) > 0


def junk_reason(text: str) -> str | None:
    """Why this whole line is page furniture, or None if it may be report text."""
    folded = fold(text).strip()
    if not folded:
        return "blank"
    if len(folded) > 60 and "。" in folded:
        return None  # a sentence of report text: no furniture line looks like this
    if len(folded) <= 40 and is_controls_only(folded):
        return "controls"
    if not _ANY_JUNK_RE.search(folded):
        return None
    for reason, rx in _JUNK_PATTERNS:
        if rx.search(folded):
            # Body sentences may mention these words; junk lines are short or have no
            # sentence punctuation.
            if len(folded) <= 60 or "。" not in folded:
                return reason
    return None


def meta_pairs(text: str) -> list[MetaPair] | None:
    """Metadata pairs on a line, or None when the line is not a metadata line."""
    folded = fold(text).strip()
    stripped = _BULLET_RE.sub("", folded)
    if "|" in stripped:
        cells = [re.sub(r"\s+", "", c.strip()).rstrip(":：") for c in stripped.split("|")]
        cells = [c for c in cells if c]
        pairs: list[MetaPair] = []
        i = 0
        while i < len(cells):
            key = cells[i]
            if key in KEY_FIELD:
                value = cells[i + 1] if i + 1 < len(cells) and cells[i + 1] not in KEY_FIELD else ""
                pairs.append(MetaPair(KEY_FIELD[key], key, value))
                i += 2 if value else 1
            else:
                i += 1
        if pairs:
            return pairs
    if ":" not in stripped and "：" not in stripped:
        return None  # every key is followed by a colon
    matches = list(_KV_RE.finditer(stripped))
    if not matches or matches[0].start() > 2:
        return None
    pairs = []
    for idx, m in enumerate(matches):
        key = re.sub(r"\s+", "", m.group("key"))
        end = matches[idx + 1].start() if idx + 1 < len(matches) else len(stripped)
        value = stripped[m.end():end].strip(" \t|;；,，")
        pairs.append(MetaPair(KEY_FIELD[key], key, value))
    # A body sentence that happens to start with 时间： or 来源： is long and punctuated.
    if len(stripped) > 120 and "。" in stripped:
        return None
    return pairs


def key_only(text: str) -> str | None:
    """The key of a line holding only a key (the alternating "• 键" / "• 值" layout)."""
    stripped = _BULLET_RE.sub("", fold(text).strip())
    if _KEY_ONLY_RE.match(stripped):
        return re.sub(r"[\s:：]", "", stripped)
    return None
