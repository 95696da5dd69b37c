"""An administrator reads the district's pages in the federation's words, not a social
worker's: the residents are the district's, not "the ones you look after"; the exports are
the district's, not something to send to the federation they are."""

import pytest

from tests.factories import CommunityFactory


@pytest.mark.parametrize(
    "role, path, said, not_said",
    [
        ("admin", "/", "辖区内全部残疾人服务对象的档案。", "您负责服务的残疾人档案。"),
        ("social_worker", "/", "您负责服务的残疾人档案。", "辖区内全部残疾人服务对象的档案。"),
        ("admin", "/reports/exports", "将全区的记录下载为 Excel 文件", "报送残联"),
        ("social_worker", "/reports/exports", "报送残联", "将全区的记录下载为"),
        ("admin", "/train/courses", "全区的培训场次", "我所在社区的培训场次"),
        ("social_worker", "/train/courses", "我所在社区的培训场次", "全区的培训场次"),
    ],
)
def test_each_staff_role_reads_its_own_words(client, login_as, role, path, said, not_said):
    extra = {"communities": [CommunityFactory()]} if role == "social_worker" else {}
    login_as(role, **extra)
    page = client.get(path).get_data(as_text=True)
    assert said in page and not_said not in page
