"""The course catalogue: admins edit it; a production install loads the standard courses.

A self-study quiz is edited as plain text, one question per block::

    问题一行
    * 正确的选项
    - 另一个选项

Blocks are separated by a blank line; ``*`` marks the one correct option.
"""

from sqlalchemy import select

from ..accounts.models import User
from ..core.audit import audit
from ..core.types import utcnow
from ..extensions import db
from ..registry.models import DisabilityCategory
from .models import Course, CourseKind, Requirement
from .services import activate_trained_pairings


class QuizFormatError(ValueError):
    """The quiz text is not in the block format; ``problem`` names what is wrong."""

    def __init__(self, problem: str, number: int = 0):
        self.problem, self.number = problem, number
        super().__init__(f"{problem} (question {number})")


def parse_quiz(text: str) -> list[dict]:
    """Questions from the block format above.

    :raises QuizFormatError: "options" (a question has fewer than two options), "answer"
        (not exactly one marked correct) or "question" (a block starts with an option).
    """
    questions = []
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    for number, block in enumerate(blocks, start=1):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if lines[0][:1] in {"*", "-"}:
            raise QuizFormatError("question", number)
        options = [line[1:].strip() for line in lines[1:] if line[:1] in {"*", "-"}]
        correct = [i for i, line in enumerate(lines[1:]) if line[:1] == "*"]
        if len(options) < 2 or len(options) != len(lines) - 1:
            raise QuizFormatError("options", number)
        if len(correct) != 1:
            raise QuizFormatError("answer", number)
        questions.append({"question": lines[0], "options": options, "answer": correct[0]})
    return questions


def format_quiz(questions: list[dict]) -> str:
    """The block text of ``questions`` (the inverse of :func:`parse_quiz`)."""
    return "\n\n".join(
        "\n".join(
            [q["question"]]
            + [("* " if i == q["answer"] else "- ") + o for i, o in enumerate(q["options"])]
        )
        for q in questions
    )


def all_courses(*, active_only: bool = False) -> list[Course]:
    statement = select(Course).order_by(Course.active.desc(), Course.id)
    if active_only:
        statement = statement.where(Course.active.is_(True))
    return list(db.session.scalars(statement))


def title_taken(title: str, course: Course | None = None) -> bool:
    found = db.session.scalar(select(Course).where(Course.title == title.strip()))
    return found is not None and found is not course


def save_course(course: Course | None, *, by: User | None, **fields) -> Course:
    """Create a course, or change one; the rule's unused parts are cleared."""
    if fields.get("requirement") is not Requirement.SKILL:
        fields["skill_id"] = None
    if fields.get("requirement") is not Requirement.DISABILITY:
        fields["disability_category"] = None
    if fields.get("kind") is not CourseKind.SELF_STUDY:
        fields.update(material="", quiz=[])
    if course is None:
        course = Course(**fields)
        db.session.add(course)
    else:
        for name, value in fields.items():
            setattr(course, name, value)
    db.session.flush()
    # A rule changed or a course retired: pairings waiting only for it may start now.
    activate_trained_pairings(None, by=by, now=utcnow())
    if by is not None:  # the catalogue is admins' work, audited as the skill catalogue is
        audit(by, "save_course", course, detail=course.title)
    return course


HOME_VISIT_QUIZ = [
    {
        "question": "第一次上门探访前，应当怎样做？",
        "options": ["直接上门，给对方惊喜", "先与社工和服务对象约定时间", "让服务对象来接"],
        "answer": 1,
    },
    {
        "question": "探访中发现服务对象身体不适，首先应当？",
        "options": ["自己给服务对象用药", "立即联系家属或社工，必要时拨打120", "等下次探访再说"],
        "answer": 1,
    },
    {
        "question": "服务对象家中的钱物，志愿者应当？",
        "options": ["不经手、不借用、不收受礼金", "帮忙保管现金", "可以收下小额红包"],
        "answer": 0,
    },
    {
        "question": "每次探访结束后，应当？",
        "options": ["不需要记录", "在平台上如实记录服务日志", "只在微信群里说一声"],
        "answer": 1,
    },
]

#: The four courses of the federation's standard catalogue (issue 6).
STANDARD_COURSES = [
    {
        "title": "助残服务礼仪",
        "title_en": "Etiquette of serving disabled people",
        "description": "基础课程：尊重与沟通、助行助视的正确方法、隐私与边界。所有志愿者必修。",
        "description_en": "The basic course: respect and communication, how to guide and "
        "assist, privacy and boundaries. Required of every volunteer.",
        "kind": CourseKind.SESSIONS,
        "requirement": Requirement.EVERYONE,
    },
    {
        "title": "手语基础",
        "title_en": "Basic sign language",
        "description": "常用手语词汇与日常交流，服务听力残疾人前必修。",
        "description_en": "Everyday signs and conversation; required before serving "
        "hearing-impaired residents.",
        "kind": CourseKind.SESSIONS,
        "requirement": Requirement.DISABILITY,
        "disability_category": DisabilityCategory.HEARING,
    },
    {
        "title": "精神障碍沟通",
        "title_en": "Communicating with people with psychosocial disability",
        "description": "理解精神障碍、沟通技巧、危机识别与求助渠道。服务精神残疾人前必修。",
        "description_en": "Understanding psychosocial disability, ways of talking, noticing a "
        "crisis and whom to call. Required before serving residents with psychosocial "
        "disability.",
        "kind": CourseKind.SESSIONS,
        "requirement": Requirement.DISABILITY,
        "disability_category": DisabilityCategory.PSYCHOSOCIAL,
    },
    {
        "title": "居家探访安全",
        "title_en": "Safety on home visits",
        "description": "自学材料加小测验：上门探访的约定、安全、钱物与记录。上门服务前必修。",
        "description_en": "Self-study material and a short quiz: arranging visits, safety, "
        "money and records. Required before home visits.",
        "kind": CourseKind.SELF_STUDY,
        "requirement": Requirement.HOME_VISIT,
        "material": "一、提前约定：每次上门前与社工、服务对象约定时间，按时到达。\n"
        "二、安全第一：注意用电用火，发现身体不适立即联系家属或社工，必要时拨打120。\n"
        "三、钱物分明：不经手服务对象的钱物，不借用，不收受礼金礼品。\n"
        "四、如实记录：每次探访后在平台上记录服务日志，遇到异常情况及时报告。",
        "quiz": HOME_VISIT_QUIZ,
        "pass_mark": 75,
    },
]


def seed_standard_courses(*, by: User | None = None) -> list[Course]:
    """Add each standard course not yet in the catalogue (by title); returns those added."""
    added = []
    for fields in STANDARD_COURSES:
        if db.session.scalar(select(Course.id).where(Course.title == fields["title"])):
            continue
        added.append(save_course(None, by=by, **dict(fields)))
    return added
